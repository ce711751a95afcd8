module example.com/namesakeunknown

go 1.25
