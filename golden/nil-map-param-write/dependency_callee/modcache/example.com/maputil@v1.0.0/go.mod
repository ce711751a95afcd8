module example.com/maputil

go 1.22
