module example.com/elementcopy

go 1.22
