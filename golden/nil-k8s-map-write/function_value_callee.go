package controllers

import (
	"context"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/types"
)

type Client interface {
	Get(ctx context.Context, key types.NamespacedName, obj any) error
}

// markFenced writes into annotations through setMark: a nil map panics in
// setMark, and only the caller can make it.
func markFenced(name string, annotations map[string]string) error {
	if annotations["fenced"] == name {
		return nil
	}
	return setMark(annotations, name)
}

func setMark(annotations map[string]string, name string) error {
	annotations["fenced"] = name
	return nil
}

// unmark only deletes: harmless on a nil map.
func unmark(name string, annotations map[string]string) error {
	delete(annotations, "fenced")
	return nil
}

// markSafe makes nothing but returns early on a nil map.
func markSafe(name string, annotations map[string]string) error {
	if annotations == nil {
		return nil
	}
	annotations["fenced"] = name
	return nil
}

func FenceOn(ctx context.Context, c Client, key types.NamespacedName) error {
	return applyFence(ctx, c, key, markFenced)
}

func FenceOff(ctx context.Context, c Client, key types.NamespacedName) error {
	return applyFence(ctx, c, key, unmark)
}

// applyFence calls whatever function its callers pass: FenceOn passes one
// that writes the map.
func applyFence(
	ctx context.Context,
	c Client,
	key types.NamespacedName,
	fence func(string, map[string]string) error,
) error {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return err
	}
	fenced := pod.DeepCopy()
	return fence(key.Name, fenced.Annotations) // want `fence may be markFenced, which writes into its parameter annotations; that is fenced\.Annotations here and may be nil: fenced is a DeepCopy of pod, and pod is decoded by c\.Get`
}

func SafeOn(ctx context.Context, c Client, key types.NamespacedName) error {
	return applySafe(ctx, c, key, markSafe)
}

func SafeOff(ctx context.Context, c Client, key types.NamespacedName) error {
	return applySafe(ctx, c, key, unmark)
}

// applySafe's callers pass only functions that never write a nil map.
func applySafe(
	ctx context.Context,
	c Client,
	key types.NamespacedName,
	fence func(string, map[string]string) error,
) error {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return err
	}
	return fence(key.Name, pod.Annotations)
}

// Direct calls the writer itself, through setMark.
func Direct(ctx context.Context, c Client, key types.NamespacedName) error {
	var pod corev1.Pod
	if err := c.Get(ctx, key, &pod); err != nil {
		return err
	}
	return markFenced(key.Name, pod.Labels) // want `markFenced writes into its parameter annotations, which is pod\.Labels here and may be nil: pod is decoded by c\.Get`
}
