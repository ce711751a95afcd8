module example.com/returnedfields

go 1.22
