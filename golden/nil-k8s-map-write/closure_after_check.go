package controllers

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// parseRequest returns an error unless the ConfigMap holds the request key.
func parseRequest(cm *corev1.ConfigMap) (string, error) {
	v, ok := cm.Data["request"]
	if !ok {
		return "", fmt.Errorf("configmap %s has no request", cm.Name)
	}
	return v, nil
}

// A deferred function literal runs only once its defer statement was
// reached: the check before that statement guards the writes in its body.
// (cm is any ConfigMap a caller of another module passes.)
func Finish(cm *corev1.ConfigMap, update func(*corev1.ConfigMap) error) (err error) {
	req, err := parseRequest(cm)
	if err != nil {
		return err
	}
	defer func() {
		cm.Data["request"] = req + "-done"
		err = update(cm)
	}()
	func() {
		cm.Data["last"] = req
	}()
	return nil
}

// The same for a go statement: the goroutine starts once it is reached.
func Touch(cm *corev1.ConfigMap, done chan<- struct{}) error {
	if _, err := parseRequest(cm); err != nil {
		return err
	}
	go func() {
		cm.Data["seen"] = "yes"
		close(done)
	}()
	return nil
}

// Near miss: the literal is stored and called later, where the check does
// not reach; and a deferred literal whose defer comes before the check.
func Early(cm *corev1.ConfigMap) error {
	mark := func() {
		cm.Data["marked"] = "yes" // want `Data`
	}
	defer func() {
		cm.Data["early"] = "yes" // want `Data`
	}()
	if _, err := parseRequest(cm); err != nil {
		return err
	}
	mark()
	return nil
}
