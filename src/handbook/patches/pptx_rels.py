"""python-pptx finds a part's relationship by type and target by walking all of them, and
regroups them all by type for every lookup: the presentation part relates to every slide, so
adding n slides (and finding the notes master for each notes slide) costs O(n²); a
1,300-slide course deck spent seconds there. `index_relationships(part)` gives one part's
relationships an index by type and by target, kept up to date as they are added and removed;
the relationships, their ids and the bytes written are the same.
"""

from __future__ import annotations

from handbook.patches.guard import changed


def index_relationships(part) -> None:
    """Index PART's relationships from now on (a no-op if python-pptx's code is not what the
    patch was checked against)."""
    if changed("pptx.opc"):
        return
    rels = part.rels
    rels.__class__ = _indexed_class(type(rels))


_CLASSES: dict[type, type] = {}


def _indexed_class(base: type) -> type:
    if base in _CLASSES.values():
        return base
    if base not in _CLASSES:
        _CLASSES[base] = type("IndexedRelationships", (base,), {
            "_rels_by_reltype": property(_by_type), "_get_matching": _get_matching,
            "_add_relationship": _add_relationship, "pop": _pop,
            "load_from_xml": _load_from_xml, "__doc__": base.__doc__})
    return _CLASSES[base]


def _by_type(self) -> dict:
    """As python-pptx's `_rels_by_reltype`, worked out once and kept up to date."""
    found = self.__dict__.get("_handbook_by_type")
    if found is None:
        found = self.__dict__["_handbook_by_type"] = _plain(self)._rels_by_reltype.fget(self)
    return found


def _targets(self) -> dict:
    """(type, external, target) → the first rId so related, in the collection's order."""
    found = self.__dict__.get("_handbook_targets")
    if found is None:
        found = self.__dict__["_handbook_targets"] = {}
        for rel in self.values():
            found.setdefault(_key(rel.reltype, rel.is_external, _target(rel)), rel.rId)
    return found


def _get_matching(self, reltype: str, target, is_external: bool = False) -> str | None:
    return _targets(self).get(_key(reltype, is_external, target))


def _add_relationship(self, reltype: str, target, is_external: bool = False) -> str:
    rId = _plain(self)._add_relationship(self, reltype, target, is_external)
    rel = self[rId]
    if "_handbook_by_type" in self.__dict__:
        self.__dict__["_handbook_by_type"][reltype].append(rel)
    if "_handbook_targets" in self.__dict__:
        self.__dict__["_handbook_targets"].setdefault(_key(reltype, is_external, target), rId)
    return rId


def _pop(self, rId: str):
    _forget(self)
    return _plain(self).pop(self, rId)


def _load_from_xml(self, *args, **kwargs) -> None:
    _forget(self)
    _plain(self).load_from_xml(self, *args, **kwargs)


def _forget(self) -> None:
    self.__dict__.pop("_handbook_by_type", None)
    self.__dict__.pop("_handbook_targets", None)


def _plain(self) -> type:
    """python-pptx's own class of this collection."""
    return type(self).__mro__[1]


def _target(rel):
    return rel.target_ref if rel.is_external else rel.target_part


def _key(reltype: str, is_external: bool, target) -> tuple:
    """A part matches by identity (python-pptx compares parts with ==, which is identity)."""
    return reltype, is_external, target if is_external else id(target)
