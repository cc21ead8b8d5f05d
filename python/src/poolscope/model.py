"""What model made a log: a method name and settings the user states, or the pooling layers
read from a model object, so the window's model panel shows the logged model and never
poolscope's own defaults in its place."""

import json

#: PyTorch Geometric's and torch-geometric-pool's pooling classes, by the poolscope method
#: that computes the same operator.
POOLING_CLASSES = {
    "DMoNPooling": "dmon",
    "MinCutPooling": "mincut",
    "DenseMinCutPool": "mincut",
    "DiffPool": "diffpool",
    "DenseDiffPool": "diffpool",
    "DiffPooling": "diffpool",
    "JustBalancePooling": "justbalance",
    "AsymCheegerCutPooling": "asymcheegercut",
    "HOSCPooling": "hosc",
    "BNPool": "bnpool",
    "LaPooling": "lapool",
    "MemPooling": "mempool",
    "NMFPooling": "nmf",
    "EigenPooling": "eigenpool",
    "TopKPooling": "topk",
    "TopkPooling": "topk",
    "SAGPooling": "sagpool",
    "SAGPool": "sagpool",
    "ASAPooling": "asapool",
    "ASAPool": "asapool",
    "PANPooling": "panpool",
    "MaxCutPooling": "maxcut",
    "GraclusPooling": "graclus",
    "KMISPooling": "kmis",
    "NDPPooling": "ndp",
    "SEPPooling": "sep",
    "EdgePooling": "edgepool",
    "EdgeContractionPooling": "edgepool",
    "ClusterPooling": "clusterpool",
}

#: How many layers of a model are listed, and how long a setting's text may be.
MAX_LAYERS = 32
MAX_SETTING_CHARS = 200


def _plain(value):
    """A setting as JSON holds it: numbers, strings, booleans, None, short lists; anything else
    by its text (cut to MAX_SETTING_CHARS)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value if not isinstance(value, str) else value[:MAX_SETTING_CHARS]
    if isinstance(value, float):
        return value if value == value and abs(value) != float("inf") else str(value)
    if hasattr(value, "item") and getattr(value, "size", 2) == 1:
        return _plain(value.item())
    if isinstance(value, (list, tuple)) and len(value) <= 16:
        return [_plain(v) for v in value]
    return str(value)[:MAX_SETTING_CHARS]


def pooling_layers(model):
    """The pooling layers of a torch module (class name and its text), in the order the module
    lists them; anything else without ``modules()`` gives none."""
    modules = getattr(model, "modules", None)
    if modules is None:
        return []
    found = []
    for m in modules():
        name = type(m).__name__
        if name in POOLING_CLASSES or name.endswith("Pooling") or name.endswith("Pool"):
            found.append({"class": name, "text": str(m)[:MAX_SETTING_CHARS]})
            if len(found) == MAX_LAYERS:
                break
    return found


def describe(method=None, model=None, settings=None):
    """The ``model`` record of a log's metadata, or None when nothing was said. The method is
    the one given, else the one the model's first known pooling layer computes."""
    layers = pooling_layers(model) if model is not None else []
    if method is None:
        method = next((POOLING_CLASSES[l["class"]] for l in layers if l["class"] in POOLING_CLASSES), None)
    settings = {str(k): _plain(v) for k, v in (settings or {}).items()}
    if method is None and not layers and not settings:
        return None
    record = {"method": None if method is None else str(method), "settings": settings}
    if layers:
        record["layers"] = layers
    if model is not None:
        record["model_class"] = type(model).__name__
    json.dumps(record)  # every part is JSON by construction; this says so early
    return record
