package inventory

import (
	corev1 "k8s.io/api/core/v1"
)

func serviceMap(services []corev1.Service) map[string]corev1.Service {
	m := map[string]corev1.Service{}
	for _, s := range services {
		m[s.Name] = s
	}
	return m
}

// ForServices writes the copy's metadata through the embedded field spelt
// out (tp.ObjectMeta.Annotations is tp.Annotations): a copy of a Service
// without annotations has them nil.
func ForServices(existing, desired []corev1.Service) []corev1.Service {
	out := []corev1.Service{}
	byName := serviceMap(existing)
	for _, d := range desired {
		if t, ok := byName[d.Name]; ok {
			tp := t.DeepCopy()
			for k, v := range d.ObjectMeta.Annotations {
				tp.ObjectMeta.Annotations[k] = v // want `write to tp\.ObjectMeta\.Annotations, which may be nil: tp is a DeepCopy of t`
			}
			out = append(out, *tp)
		}
	}
	return out
}

// Near miss: the maps are made before the writes, in either spelling.
func Merge(existing map[string]corev1.Service, desired []corev1.Service) []corev1.Service {
	out := []corev1.Service{}
	for _, d := range desired {
		if t, ok := existing[d.Name]; ok {
			tp := t.DeepCopy()
			if tp.Annotations == nil {
				tp.Annotations = map[string]string{}
			}
			if tp.ObjectMeta.Labels == nil {
				tp.ObjectMeta.Labels = map[string]string{}
			}
			for k, v := range d.ObjectMeta.Annotations {
				tp.ObjectMeta.Annotations[k] = v
			}
			for k, v := range d.Labels {
				tp.Labels[k] = v
			}
			out = append(out, *tp)
		}
	}
	return out
}

// Near miss: a typed parameter checked through the promoted field.
func Label(pod *corev1.Pod) {
	if pod.Labels == nil {
		pod.Labels = map[string]string{}
	}
	pod.ObjectMeta.Labels["a"] = "b"
}
