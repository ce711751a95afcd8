package controllers

import (
	"context"
	"encoding/json"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// Client reads objects from the API server.
type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
	List(ctx context.Context, list any) error
}

// The shape of a generated typed clientset (k8s.io/client-go/kubernetes).
type NamespaceInterface interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Namespace, error)
	Update(ctx context.Context, ns *corev1.Namespace, opts metav1.UpdateOptions) (*corev1.Namespace, error)
}

type CoreV1Interface interface {
	Namespaces() NamespaceInterface
}

type Interface interface {
	CoreV1() CoreV1Interface
}

// Restart stamps the pod template of a Deployment read from the server:
// apps/v1 validation requires a non-empty selector that matches the
// template's labels, so Template.Labels is there; its annotations are not.
func Restart(ctx context.Context, c Client, key types.NamespacedName, stamp string) error {
	var dep appsv1.Deployment
	if err := c.Get(ctx, key, &dep); err != nil {
		return err
	}
	dep.Spec.Template.Labels["restarted"] = stamp
	dep.Spec.Template.Annotations["restarted"] = stamp // want `write to dep\.Spec\.Template\.Annotations, which may be nil: dep is decoded by c\.Get`
	dep.Labels["restarted"] = stamp                    // want `write to dep\.Labels, which may be nil: dep is decoded by c\.Get`
	return nil
}

// RestartAll does the same for every StatefulSet and DaemonSet listed.
func RestartAll(ctx context.Context, c Client, stamp string) error {
	var sets appsv1.StatefulSetList
	if err := c.List(ctx, &sets); err != nil {
		return err
	}
	for _, sts := range sets.Items {
		sts.Spec.Template.Labels["restarted"] = stamp
	}
	var daemons appsv1.DaemonSetList
	if err := c.List(ctx, &daemons); err != nil {
		return err
	}
	for i := range daemons.Items {
		daemons.Items[i].Spec.Template.Labels["restarted"] = stamp
	}
	return nil
}

// Stamp writes a Job's template labels: batch/v1 is no apps/v1 workload,
// its selector may be set by hand and is not checked here.
func Stamp(ctx context.Context, c Client, key types.NamespacedName, stamp string) error {
	var job batchv1.Job
	if err := c.Get(ctx, key, &job); err != nil {
		return err
	}
	job.Spec.Template.Labels["restarted"] = stamp // want `write to job\.Spec\.Template\.Labels, which may be nil: job is decoded by c\.Get`
	return nil
}

// Desired builds a Deployment of its own: nothing validated it yet.
func Desired(name string) *appsv1.Deployment {
	dep := &appsv1.Deployment{}
	dep.Name = name
	dep.Spec.Template.Labels["app"] = name // want `write to dep\.Spec\.Template\.Labels, which may be nil: dep's literal does not set Labels`
	return dep
}

// FromFile decodes a Deployment from bytes the server never validated.
func FromFile(data []byte) (*appsv1.Deployment, error) {
	var dep appsv1.Deployment
	if err := json.Unmarshal(data, &dep); err != nil {
		return nil, err
	}
	dep.Spec.Template.Labels["source"] = "file" // want `write to dep\.Spec\.Template\.Labels, which may be nil: dep is decoded by json\.Unmarshal`
	return &dep, nil
}

// Tag labels a Namespace read from the server: servers since Kubernetes 1.21
// label every Namespace with kubernetes.io/metadata.name, older ones do not,
// so its labels may be nil, and its annotations too.
func Tag(ctx context.Context, c Client, name string) error {
	var ns corev1.Namespace
	if err := c.Get(ctx, types.NamespacedName{Name: name}, &ns); err != nil {
		return err
	}
	ns.Labels["team"] = "a"      // want `write to ns\.Labels, which may be nil: ns is decoded by c\.Get`
	ns.Annotations["team"] = "a" // want `write to ns\.Annotations, which may be nil: ns is decoded by c\.Get`
	return nil
}

// TagTyped reads the Namespace through a typed clientset and writes its labels
// through the getter, which returns nil for a Namespace without labels.
func TagTyped(ctx context.Context, cs Interface, name string) error {
	ns, err := cs.CoreV1().Namespaces().Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return err
	}
	labels := ns.GetLabels()
	labels["team"] = "a" // want `write to labels, which is nil when ns\.GetLabels\(\) is: it returns nil for an object without labels`
	ns.SetLabels(labels)
	_, err = cs.CoreV1().Namespaces().Update(ctx, ns, metav1.UpdateOptions{})
	return err
}

// NewNamespace builds a Namespace of its own: the server has not labelled it.
func NewNamespace(name string) *corev1.Namespace {
	ns := &corev1.Namespace{}
	ns.Name = name
	ns.Labels["team"] = "a" // want `write to ns\.Labels, which may be nil: ns's literal does not set Labels`
	return ns
}

// TagPod writes the labels of a pod read from the server: no validation
// requires a pod to have labels.
func TagPod(ctx context.Context, c Client, key types.NamespacedName) error {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return err
	}
	pod.Labels["team"] = "a" // want `write to pod\.Labels, which may be nil: pod is decoded by c\.Get`
	return nil
}
