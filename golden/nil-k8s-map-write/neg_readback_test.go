package controllers

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

type store interface {
	Create(ctx context.Context, obj any) error
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// A test reads back what it stored itself: the labels it set are there.
func checkReadBack(t *testing.T, c store) {
	ctx := context.Background()
	created := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "a", Labels: map[string]string{"x": "y"}}}
	if err := c.Create(ctx, created); err != nil {
		t.Fatal(err)
	}
	got := &corev1.Pod{}
	if err := c.Get(ctx, types.NamespacedName{Name: "a"}, got); err != nil {
		t.Fatal(err)
	}
	got.Labels["checked"] = "true"
}

func TestReadBack(t *testing.T) {
	var c store
	if c == nil {
		t.Skip("no store")
	}
	checkReadBack(t, c)
}
