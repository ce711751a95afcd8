module example.com/paramnil

go 1.22
