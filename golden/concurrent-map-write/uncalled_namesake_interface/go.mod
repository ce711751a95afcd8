module example.com/namesakeinterface

go 1.25
