"""``@dataclass`` for the start-up path: the same classes without importing :mod:`dataclasses`.

Measured on a 2-core machine with Python 3.11: importing :mod:`dataclasses` costs about
8 ms (it imports :mod:`inspect`, which imports ``ast``, ``dis``, ``tokenize`` ...) and
decorating one class about 0.4 ms (it compiles source for every method). The 17 record
classes ``vmgraph check`` needs cost 15 ms that way, as much as Python's own start-up,
while issue 5 allows the whole check 2.5 times that start-up.

Type checkers see the real :func:`dataclasses.dataclass` (``TYPE_CHECKING``). At run time
this module builds the same methods from shared closures, without compiling anything:
``__init__`` (positional or keyword, defaults and ``default_factory``, ``init=False``
fields), ``__repr__``, ``__eq__``, ``__hash__`` (frozen classes; mutable ones are
unhashable, as with dataclasses), ``__setattr__``/``__delattr__`` raising
:class:`FrozenInstanceError`, ``__slots__``, ``__match_args__`` and pickling. The functions
of :mod:`dataclasses` (``replace``, ``fields``, ``asdict``, ``is_dataclass``) still work:
the first time one of them reads ``__dataclass_fields__``, the real field objects are made
(and :mod:`dataclasses` imported) on demand. Options other than ``frozen``, ``slots``,
``eq`` and ``repr`` are refused rather than ignored.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError, dataclass, field
else:
    from operator import attrgetter

    class FrozenInstanceError(AttributeError):
        """Assignment to a field of a frozen record (a subclass of ``AttributeError``)."""

    class _Missing:
        __slots__ = ()

        def __repr__(self) -> str:
            return "MISSING"

    _MISSING = _Missing()
    _FIELDS = "__vmgraph_fields__"

    class _Field:
        """One field: its name, default or factory, and which methods include it."""

        __slots__ = ("compare", "default", "default_factory", "hash", "init", "name", "repr")

        def __init__(self, *, default, default_factory, init, repr, hash, compare):
            if default is not _MISSING and default_factory is not _MISSING:
                raise ValueError("cannot specify both default and default_factory")
            self.default, self.default_factory = default, default_factory
            self.init, self.repr, self.hash, self.compare = init, repr, hash, compare
            self.name = ""

        def value(self):
            return self.default if self.default_factory is _MISSING else self.default_factory()

    def field(
        *, default=_MISSING, default_factory=_MISSING, init=True, repr=True, hash=None, compare=True, **unsupported
    ):
        """Describe a field, as :func:`dataclasses.field` does."""
        if unsupported:
            raise TypeError(f"vmgraph records do not support field({', '.join(unsupported)}=...)")
        return _Field(
            default=default, default_factory=default_factory, init=init, repr=repr, hash=hash, compare=compare
        )

    def dataclass(cls=None, /, *, frozen=False, slots=False, eq=True, repr=True, init=True, **unsupported):
        """Turn *cls* into a record class, as :func:`dataclasses.dataclass` does."""
        if unsupported or not (eq and init):
            names = ", ".join([*unsupported, *(["eq"] if not eq else []), *(["init"] if not init else [])])
            raise TypeError(f"vmgraph records do not support dataclass({names}=...)")

        def wrap(cls):
            return _process(cls, frozen=frozen, slots=slots, with_repr=repr)

        return wrap if cls is None else wrap(cls)

    def _own_fields(cls):
        fields = []
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063 (no inspect)
            text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
            if text.startswith(("ClassVar", "typing.ClassVar", "InitVar", "dataclasses.InitVar")):
                raise TypeError(f"vmgraph records do not support {text} ({cls.__qualname__}.{name})")
            default = cls.__dict__.get(name, _MISSING)
            spec = default if isinstance(default, _Field) else field(default=default)
            if isinstance(spec.default, list | dict | set):
                raise ValueError(  # noqa: TRY004 (what dataclasses raises)
                    f"mutable default {type(spec.default)} for field {name} is not allowed: use default_factory"
                )
            spec.name = name
            fields.append(spec)
        return fields

    def _process(cls, *, frozen, slots, with_repr):
        inherited = [f for base in reversed(cls.__mro__[1:]) for f in base.__dict__.get(_FIELDS, ())]
        own = _own_fields(cls)
        fields = {f.name: f for f in (*inherited, *own)}
        seen_default = False
        for f in fields.values():
            if not f.init:
                continue
            has_default = f.default is not _MISSING or f.default_factory is not _MISSING
            if seen_default and not has_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
            seen_default = seen_default or has_default
        specs = tuple(fields.values())
        if slots:
            cls = _with_slots(cls, tuple(f.name for f in own))
        else:
            for f in own:  # as dataclasses: the class attribute holds the default (none for a factory)
                if f.default is _MISSING:
                    if f.name in cls.__dict__:
                        delattr(cls, f.name)
                else:
                    setattr(cls, f.name, f.default)
        setattr(cls, _FIELDS, specs)
        methods = {
            "__init__": _make_init(cls, specs, frozen),
            "__eq__": _make_eq(specs),
            "__match_args__": tuple(f.name for f in specs if f.init),
            "__dataclass_fields__": _LazyFields(),
        }
        if with_repr:
            methods["__repr__"] = _make_repr(specs)
        explicit_hash = cls.__dict__.get("__hash__") is not None
        if frozen:
            if "__setattr__" in cls.__dict__ or "__delattr__" in cls.__dict__:
                raise TypeError(f"cannot overwrite __setattr__ or __delattr__ in frozen {cls.__qualname__}")
            methods.update(_make_frozen(cls, specs))
            if explicit_hash:
                del methods["__hash__"]
        elif not explicit_hash:
            methods["__hash__"] = None
        for name, value in methods.items():
            if name in ("__hash__", "__dataclass_fields__") or name not in cls.__dict__:
                setattr(cls, name, value)
        return cls

    def _with_slots(cls, names):
        namespace = dict(cls.__dict__)
        namespace["__slots__"] = names
        for name in names:
            namespace.pop(name, None)
        namespace.pop("__dict__", None)
        namespace.pop("__weakref__", None)
        new = type(cls)(cls.__name__, cls.__bases__, namespace)
        new.__qualname__ = cls.__qualname__
        return new

    def _make_init(cls, specs, frozen):
        params = tuple(f for f in specs if f.init)
        names = tuple(f.name for f in params)
        count = len(names)
        later = tuple(f for f in specs if not f.init)
        setter = object.__setattr__
        qualname = cls.__qualname__

        def bind(args, kwargs):
            if len(args) > count:
                raise TypeError(
                    f"{qualname}.__init__() takes {count + 1} positional arguments but {len(args) + 1} were given"
                )
            values = list(args)
            missing = []
            for f in params[len(args) :]:
                if f.name in kwargs:
                    values.append(kwargs.pop(f.name))
                elif f.default is _MISSING and f.default_factory is _MISSING:
                    missing.append(f.name)
                else:
                    values.append(f.value())
            for name in kwargs:
                what = "got multiple values for argument" if name in names else "got an unexpected keyword argument"
                raise TypeError(f"{qualname}.__init__() {what} {name!r}")
            if missing:
                shown = " and ".join(", ".join(repr(m) for m in missing).rsplit(", ", 1))
                raise TypeError(
                    f"{qualname}.__init__() missing {len(missing)} required positional argument{'s' * (len(missing) > 1)}: {shown}"
                )
            return values

        def __init__(self, *args, **kwargs):  # noqa: N807
            values = args if len(args) == count and not kwargs else bind(args, kwargs)
            for name, value in zip(names, values, strict=False):
                setter(self, name, value)
            for f in later:
                setter(self, f.name, f.value())

        __init__.__qualname__ = f"{qualname}.__init__"
        return __init__

    def _getter(names):
        if not names:
            return lambda obj: ()
        get = attrgetter(*names)
        return (lambda obj: (get(obj),)) if len(names) == 1 else get

    def _make_eq(specs):
        values = _getter(tuple(f.name for f in specs if f.compare))

        def __eq__(self, other):  # noqa: N807
            if other.__class__ is self.__class__:
                return values(self) == values(other)
            return NotImplemented

        return __eq__

    def _make_repr(specs):
        shown = tuple(f.name for f in specs if f.repr)

        def __repr__(self):  # noqa: N807
            inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
            return f"{self.__class__.__qualname__}({inner})"

        return __repr__

    def _make_frozen(cls, specs):
        names = frozenset(f.name for f in specs)
        hashed = _getter(tuple(f.name for f in specs if (f.compare if f.hash is None else f.hash)))
        all_names = tuple(f.name for f in specs)
        setter = object.__setattr__

        def __setattr__(self, name, value):  # noqa: N807
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot assign to field {name!r}")
            super(cls, self).__setattr__(name, value)

        def __delattr__(self, name):  # noqa: N807
            if type(self) is cls or name in names:
                raise FrozenInstanceError(f"cannot delete field {name!r}")
            super(cls, self).__delattr__(name)

        def __hash__(self):  # noqa: N807
            return hash(hashed(self))

        def __getstate__(self):  # noqa: N807
            return [getattr(self, name) for name in all_names]

        def __setstate__(self, state):  # noqa: N807
            for name, value in zip(all_names, state, strict=False):
                setter(self, name, value)

        return {
            "__setattr__": __setattr__,
            "__delattr__": __delattr__,
            "__hash__": __hash__,
            "__getstate__": __getstate__,
            "__setstate__": __setstate__,
        }

    class _LazyFields:
        """``__dataclass_fields__`` made on first use, so that :mod:`dataclasses` functions work."""

        def __get__(self, obj, owner):
            import dataclasses  # noqa: PLC0415 (only for callers of dataclasses' functions)

            specs = owner.__dict__.get(_FIELDS) or getattr(owner, _FIELDS)
            annotations = {}
            for klass in reversed(owner.__mro__):
                annotations.update(klass.__dict__.get("__annotations__", {}))  # noqa: RUF063
            shape = []
            for f in specs:
                extra = {} if f.default is _MISSING else {"default": f.default}
                if f.default_factory is not _MISSING:
                    extra["default_factory"] = f.default_factory
                real = dataclasses.field(init=f.init, repr=f.repr, hash=f.hash, compare=f.compare, **extra)
                shape.append((f.name, annotations.get(f.name, "object"), real))
            twin = dataclasses.make_dataclass(owner.__name__, shape)
            found = twin.__dataclass_fields__
            type.__setattr__(owner, "__dataclass_fields__", found)
            type.__setattr__(owner, "__dataclass_params__", twin.__dataclass_params__)
            return found


__all__ = ["FrozenInstanceError", "dataclass", "field"]
