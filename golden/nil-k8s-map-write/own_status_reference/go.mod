module example.com/statusref

go 1.22

require (
	k8s.io/api v0.30.0
	k8s.io/apimachinery v0.30.0
	sigs.k8s.io/controller-runtime v0.16.0
)
