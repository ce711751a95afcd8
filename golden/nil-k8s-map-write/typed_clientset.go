package controllers

import (
	"context"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The shape of a generated typed clientset (k8s.io/client-go/kubernetes):
// the group-version accessor names the API package, the resource getter
// the kind (its plural).
type SecretInterface interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*corev1.Secret, error)
	List(ctx context.Context, opts metav1.ListOptions) (*corev1.SecretList, error)
}

type CoreV1Interface interface {
	Secrets(namespace string) SecretInterface
}

type DaemonSetInterface interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*appsv1.DaemonSet, error)
}

type AppsV1Interface interface {
	DaemonSets(namespace string) DaemonSetInterface
}

type NetworkPolicyInterface interface {
	Get(ctx context.Context, name string, opts metav1.GetOptions) (*networkingv1.NetworkPolicy, error)
}

type NetworkingV1Interface interface {
	NetworkPolicies(namespace string) NetworkPolicyInterface
}

type Clientset interface {
	CoreV1() CoreV1Interface
	AppsV1() AppsV1Interface
	NetworkingV1() NetworkingV1Interface
}

func stampSecret(ctx context.Context, cs Clientset, cert []byte) (*corev1.Secret, error) {
	secret, err := cs.CoreV1().Secrets("ns").Get(ctx, "tls", metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	secret.ObjectMeta.Labels["managed"] = "true" // want `write to secret.ObjectMeta.Labels, which may be nil: secret comes from cs.CoreV1\(\).Secrets\("ns"\).Get`

	// the Secret's own content, read back by name: not judged
	secret.Data["tls.crt"] = cert
	return secret, nil
}

func pinDaemonSet(ctx context.Context, cs Clientset, selector map[string]string) error {
	ds, err := cs.AppsV1().DaemonSets("kube-system").Get(ctx, "agent", metav1.GetOptions{})
	if err != nil {
		return err
	}
	for k, v := range selector {
		if current, ok := ds.Spec.Template.Spec.NodeSelector[k]; ok && current == v {
			continue
		}
		ds.Spec.Template.Spec.NodeSelector[k] = v // want `write to ds.Spec.Template.Spec.NodeSelector, which may be nil: ds comes from cs.AppsV1\(\).DaemonSets\("kube-system"\).Get`
	}
	return nil
}

func selectPods(ctx context.Context, cs Clientset) error {
	policy, err := cs.NetworkingV1().NetworkPolicies("ns").Get(ctx, "deny", metav1.GetOptions{})
	if err != nil {
		return err
	}
	policy.Spec.PodSelector.MatchLabels["app"] = "web" // want `write to policy.Spec.PodSelector.MatchLabels, which may be nil`
	return nil
}

func labelSecrets(ctx context.Context, cs Clientset) error {
	list, err := cs.CoreV1().Secrets("ns").List(ctx, metav1.ListOptions{})
	if err != nil {
		return err
	}
	for _, item := range list.Items {
		item.Labels["seen"] = "1" // want `write to item.Labels, which may be nil`
	}
	return nil
}
