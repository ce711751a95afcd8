module example.com/factories

go 1.22

require (
	k8s.io/api v0.30.0
	k8s.io/client-go v0.30.0
)
