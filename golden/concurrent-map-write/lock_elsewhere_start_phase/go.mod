module example.com/lockstart

go 1.23
