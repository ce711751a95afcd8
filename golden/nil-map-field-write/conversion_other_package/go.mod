module example.com/conversionother

go 1.22
