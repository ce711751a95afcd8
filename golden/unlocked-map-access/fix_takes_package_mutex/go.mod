module example.com/fixtakespackagemutex

go 1.22
