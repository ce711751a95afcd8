module example.com/runners

go 1.22
