package meta

import metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

// AddLabel writes through the getter: every call in the module passes a pod
// listed with a label selector (or a copy of one), which has labels.
func AddLabel(obj metav1.Object, key, value string) {
	labels := obj.GetLabels()
	labels[key] = value
	obj.SetLabels(labels)
}

// AddTag: a call in the module passes a pod read by name, which may have none.
func AddTag(obj metav1.Object, key, value string) {
	tags := obj.GetLabels()
	tags[key] = value // want `write to tags, which is nil when obj\.GetLabels\(\) is`
	obj.SetLabels(tags)
}

// AddMark: nothing in the module calls it; it is the module's API, and any
// object may come.
func AddMark(obj metav1.Object, key, value string) {
	marks := obj.GetLabels()
	marks[key] = value // want `write to marks, which is nil when obj\.GetLabels\(\) is`
	obj.SetLabels(marks)
}

// AddNote: one call passes a listed pod, another a pod read by name.
func AddNote(obj metav1.Object, key, value string) {
	notes := obj.GetLabels()
	notes[key] = value // want `write to notes, which is nil when obj\.GetLabels\(\) is`
	obj.SetLabels(notes)
}
