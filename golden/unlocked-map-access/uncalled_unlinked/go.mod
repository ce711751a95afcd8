module example.com/unlinked

go 1.25
