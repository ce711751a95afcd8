module example.com/callbackmethod

go 1.22
