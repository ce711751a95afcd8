module example.com/moduleliterals

go 1.22
