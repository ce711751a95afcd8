package config

// Controller holds the manager's defaults for every controller.
type Controller struct {
	GroupKindConcurrency    map[string]int
	MaxConcurrentReconciles int
	SkipNameValidation      *bool
}
