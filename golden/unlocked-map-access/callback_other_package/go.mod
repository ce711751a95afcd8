module example.com/callbackother

go 1.22
