module example.com/initotherfile

go 1.22
