module example.com/unrelated

go 1.22
