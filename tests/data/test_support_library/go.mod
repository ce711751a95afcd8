module example.com/tsl

go 1.22
