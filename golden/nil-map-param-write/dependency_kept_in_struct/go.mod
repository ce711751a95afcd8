module example.com/useskv

go 1.22

require example.com/kvparse v1.0.0
