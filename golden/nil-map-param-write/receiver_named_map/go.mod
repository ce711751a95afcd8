module example.com/receivers

go 1.22
