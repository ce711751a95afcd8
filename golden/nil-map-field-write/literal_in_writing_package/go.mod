module example.com/writingpackage

go 1.22
