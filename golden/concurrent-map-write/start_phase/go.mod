module example.com/startphase

go 1.22
