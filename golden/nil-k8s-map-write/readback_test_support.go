package controllers

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type objectStore interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

type nodeLister interface {
	List(ctx context.Context, opts metav1.ListOptions) (*corev1.NodeList, error)
}

// Test support code (the file imports testing): it runs only in a test,
// and the objects it reads back are the ones the test stored.
func setSignal(t *testing.T, c objectStore) {
	ctx := context.Background()
	cm := &corev1.ConfigMap{}
	if err := c.Get(ctx, types.NamespacedName{Name: "signal"}, cm); err != nil {
		t.Fatal(err)
	}
	cm.Data["signal"] = "go"
	patched := cm.DeepCopy()
	patched.Labels["patched"] = "true"
}

func renameNodes(ctx context.Context, nodes nodeLister) error {
	list, err := nodes.List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for _, node := range list.Items {
		node.Labels["renamed"] = "true"
	}
	return nil
}

// A write through the parameter of an exported helper is judged as in any
// other code: its callers cannot all be seen.
func LabelPod(pod *corev1.Pod) {
	pod.Labels["helper"] = "true" // want `write to pod.Labels, which may be nil: pod is a parameter`
}
