/*
 * The Python extension gofixmap.codemod._grammar: hands gofixmap's Go
 * language (grammar/src/parser.c) to py-tree-sitter as a capsule, the form
 * tree_sitter.Language() takes.
 */
#include <Python.h>

typedef struct TSLanguage TSLanguage;

TSLanguage *tree_sitter_go(void);

static PyObject *language(PyObject *Py_UNUSED(self), PyObject *Py_UNUSED(args)) {
    return PyCapsule_New(tree_sitter_go(), "tree_sitter.Language", NULL);
}

static PyMethodDef methods[] = {
    {"language", language, METH_NOARGS,
     "The tree-sitter Language of gofixmap's Go grammar, as a capsule."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_grammar",
    .m_doc = "gofixmap's Go grammar (tree-sitter-go extended for Go 1.26+)",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__grammar(void) {
    return PyModule_Create(&module);
}
