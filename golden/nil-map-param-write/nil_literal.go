package labels

func addDefaults(labels map[string]string, app string) {
	labels["app"] = app
	labels["managed-by"] = "operator"
}

func defaults(app string) {
	addDefaults(nil, app) // want `nil map passed to addDefaults, which writes into its parameter labels`
}
