module example.com/otherfield

go 1.22
