"""vmgraph._dataclass behaves as dataclasses.dataclass for the classes vmgraph declares."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from vmgraph import _dataclass as fast
from vmgraph.loader import load_model
from vmgraph.model import Model, State


@fast.dataclass(frozen=True, slots=True)
class FastRecord:
    """A frozen record with every kind of field."""

    name: str
    size: int = 1
    tags: tuple[str, ...] = ()
    extra: dict[str, int] = fast.field(default_factory=dict, hash=False)
    cache: dict[str, int] = fast.field(default_factory=dict, init=False, repr=False, compare=False, hash=False)


@dataclasses.dataclass(frozen=True, slots=True)
class RealRecord:
    """The same, with the real decorator."""

    name: str
    size: int = 1
    tags: tuple[str, ...] = ()
    extra: dict[str, int] = dataclasses.field(default_factory=dict, hash=False)
    cache: dict[str, int] = dataclasses.field(default_factory=dict, init=False, repr=False, compare=False, hash=False)


@fast.dataclass
class FastMutable:
    """A mutable record."""

    items: list[int] = fast.field(default_factory=list)
    count: int = 0


CALLS = [((), {}), (("a",), {}), (("a", 2, ("x",)), {}), (("a",), {"size": 3}), ((), {"name": "b", "tags": ("t",)})]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_same_construction_repr_eq_and_hash(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    try:
        real = RealRecord(*args, **kwargs)  # type: ignore[arg-type]
    except TypeError as err:
        with pytest.raises(TypeError, match="missing 1 required positional argument: 'name'"):
            FastRecord(*args, **kwargs)  # type: ignore[arg-type]
        assert "missing 1 required positional argument: 'name'" in str(err)
        return
    ours = FastRecord(*args, **kwargs)  # type: ignore[arg-type]
    assert repr(ours).replace("FastRecord", "RealRecord") == repr(real)
    assert ours == FastRecord(*args, **kwargs)  # type: ignore[arg-type]
    assert hash(ours) == hash(FastRecord(*args, **kwargs))  # type: ignore[arg-type]
    assert (hash(ours) == hash(FastRecord("other"))) == (hash(real) == hash(RealRecord("other")))
    assert ours != FastRecord("other")
    assert ours.__eq__(real) is NotImplemented


def test_frozen_slots_and_fields_apart_from_init() -> None:
    record = FastRecord("a")
    with pytest.raises(fast.FrozenInstanceError, match="cannot assign to field 'size'"):
        record.size = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del record.name  # type: ignore[misc]
    assert not hasattr(record, "__dict__")
    assert FastRecord.__slots__ == RealRecord.__slots__  # type: ignore[attr-defined]
    assert FastRecord.__match_args__ == RealRecord.__match_args__ == ("name", "size", "tags", "extra")
    record.cache["x"] = 1  # a mutable cache, left out of ==, hash and repr
    assert record == FastRecord("a")
    assert "cache" not in repr(record)
    assert FastRecord("a").extra is not FastRecord("a").extra  # a new dict for each


def test_wrong_arguments_fail_as_with_dataclasses() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        FastRecord("a", colour=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="got multiple values for argument 'name'"):
        FastRecord("a", name="b")  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 5 positional arguments but 6 were given"):
        FastRecord("a", 1, (), {}, 5)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'cache'"):
        FastRecord("a", cache={})  # type: ignore[call-arg]


def test_pickle_copy_and_the_functions_of_dataclasses() -> None:
    record = FastRecord("a", 2, ("t",), {"k": 1})
    assert pickle.loads(pickle.dumps(record)) == record
    assert copy.copy(record) == copy.deepcopy(record) == record
    assert dataclasses.is_dataclass(record)
    assert [f.name for f in dataclasses.fields(record)] == ["name", "size", "tags", "extra", "cache"]
    assert dataclasses.replace(record, size=5) == FastRecord("a", 5, ("t",), {"k": 1})
    assert dataclasses.asdict(record) == {"name": "a", "size": 2, "tags": ("t",), "extra": {"k": 1}, "cache": {}}


def test_mutable_records_are_unhashable_and_keep_defaults() -> None:
    record = FastMutable()
    record.items.append(1)
    record.count = 2
    assert record == FastMutable([1], 2)
    assert FastMutable.count == 0
    with pytest.raises(TypeError, match="unhashable"):
        hash(record)


def test_mistakes_are_refused() -> None:
    with pytest.raises(ValueError, match="mutable default"):

        @fast.dataclass
        class Bad:
            items: list[int] = []  # noqa: RUF012

    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):

        @fast.dataclass
        class Order:
            a: int = 1
            b: int  # type: ignore[misc]

    with pytest.raises(TypeError, match="do not support"):
        fast.dataclass(order=True)  # type: ignore[call-overload]


def test_models_compare_pickle_and_replace() -> None:
    model = load_model("nova")
    assert model == load_model("nova")
    model.transitions()  # fills the cache, which is no part of the value
    assert model == load_model("nova")
    assert hash(model.states[0]) == hash(
        State("building", "BUILDING", "building", model.states[0].description, initial=True)
    )
    again = pickle.loads(pickle.dumps(model))
    assert again == model
    smaller = dataclasses.replace(model, actions=model.actions[:3])
    assert isinstance(smaller, Model)
    assert len(smaller.transitions()) < len(model.transitions())  # its own cache
