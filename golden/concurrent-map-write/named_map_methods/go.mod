module example.com/namedmaps

go 1.22
