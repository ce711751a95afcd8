package deps

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	storagev1 "k8s.io/api/storage/v1"
)

// Neither type is in gofixmap's built-in table of Kubernetes types: their
// fields come from k8s.io/api's source in the module cache (go.mod's version).

func Tune(class *storagev1.StorageClass, iops string) {
	class.Parameters["iops"] = iops // want `write to class.Parameters, which may be nil: class is a parameter`
}

func Label(cfg *admissionregistrationv1.ValidatingWebhookConfiguration) {
	cfg.Labels["managed-by"] = "gofixmap" // want `write to cfg.Labels, which may be nil: cfg is a parameter`
}

func Fresh(name string) *storagev1.StorageClass {
	class := &storagev1.StorageClass{Provisioner: name}
	class.Parameters["fsType"] = "ext4" // want `write to class.Parameters, which may be nil: class's literal does not set Parameters`
	return class
}

func Made(name string) *storagev1.StorageClass {
	class := &storagev1.StorageClass{Provisioner: name, Parameters: map[string]string{}}
	class.Parameters["fsType"] = "ext4"
	return class
}
