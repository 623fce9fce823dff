"""What the portal asks, as strict pydantic models.

- `AccountDetails`: the registration form (guide step 3) without its two passwords,
  which is what a facility file holds; `AbroadAccount` adds the passwords, supplied by
  `cifer_bot.credentials` when an account is to be created.
- `ApplicationDetails`: the fields of the application form (step 6); `Application`
  adds the food category sub-item it is filed for (one category per application).
- `Facility`: one physical site, its account, and the categories it applies for.

Field names are English; each field's Chinese label (as the portal shows it) and its
English label come from `cifer_bot/data/form-fields.yaml`: see `label_zh`, `label_en` and
`form_fields`, and the `label_zh` key of each property in the JSON schema.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, ClassVar

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    InstanceOf,
    PlainSerializer,
    SecretStr,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from cifer_bot import rules
from cifer_bot.catalog import CATEGORY_SEPARATORS, Catalog, CatalogItem, load_catalog
from cifer_bot.resources import data_dir

# --- labels --------------------------------------------------------------------------


@cache
def _labels() -> dict[str, dict[str, dict[str, str]]]:
    raw = yaml.safe_load((data_dir() / "form-fields.yaml").read_text(encoding="utf-8"))
    return {
        form: {entry["field"]: {"zh": entry["zh"], "en": entry["en"]} for entry in entries}
        for form, entries in raw.items()
    }


def _form(model: type[BaseModel]) -> str:
    form = getattr(model, "form", None)
    if not isinstance(form, str):
        raise TypeError(f"{model.__name__} is not one of cifer-bot's form models")
    return form


def form_fields(model: type[BaseModel]) -> list[str]:
    """The model's fields in the order of the portal's form (form-fields.yaml order)."""
    order = list(_labels()[_form(model)])
    return [name for name in order if name in model.model_fields]


def label_zh(model: type[BaseModel], field: str) -> str:
    """The field's label as the portal shows it, without `*` and trailing colon."""
    return _labels()[_form(model)][field]["zh"]


def label_en(model: type[BaseModel], field: str) -> str:
    """The field's label in English (the guide's, or a translation)."""
    return _labels()[_form(model)][field]["en"]


def _add_labels(schema: dict[str, Any], model: type[Any]) -> None:
    """Carry each field's labels into the JSON schema (e.g. for the selector map)."""
    for name, prop in schema.get("properties", {}).items():
        labels = _labels()[model.form].get(name)
        if labels:
            prop["label_zh"] = labels["zh"]
            prop["label_en"] = labels["en"]


# --- field types ---------------------------------------------------------------------


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _text(max_length: int | None = None) -> Any:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


Text = Annotated[str, _text()]
# An empty cell means "not given"; the length limit applies to the text only.
OptionalText = Annotated[Annotated[str, _text()] | None, BeforeValidator(_blank_to_none)]
OptionalText30 = Annotated[Annotated[str, _text(30)] | None, BeforeValidator(_blank_to_none)]
OptionalText100 = Annotated[Annotated[str, _text(100)] | None, BeforeValidator(_blank_to_none)]
OptionalText500 = Annotated[Annotated[str, _text(500)] | None, BeforeValidator(_blank_to_none)]
Country = Annotated[str, BeforeValidator(rules.normalise_country)]
Email = Annotated[str, _text(), AfterValidator(rules.check_email)]
AnyDate = Annotated[date, BeforeValidator(rules.parse_date)]
PastDate = Annotated[
    date, BeforeValidator(rules.parse_date), AfterValidator(rules.check_not_future)
]


def _catalog(info: ValidationInfo) -> Catalog:
    context = info.context if isinstance(info.context, dict) else {}
    catalog = context.get("catalog")
    return catalog if isinstance(catalog, Catalog) else load_catalog()


def _resolve_category(value: object, info: ValidationInfo) -> object:
    if isinstance(value, str):
        return _catalog(info).lookup(value)
    return value


Category = Annotated[
    InstanceOf[CatalogItem],
    BeforeValidator(_resolve_category),
    PlainSerializer(lambda item: item.code, return_type=str),
]

_CONFIG = ConfigDict(
    strict=True,
    extra="forbid",
    json_schema_extra=_add_labels,
)


# --- the account ---------------------------------------------------------------------


class AccountDetails(BaseModel):
    """The registration form (境外账号注册, guide step 3) without the passwords.

    Maximum lengths are the replica's (fixtures/html/2021-11-26/portal.yaml); the
    Approval NO is optional on the form but required here, because the guide says the
    registration system cannot be used without it.
    """

    model_config = _CONFIG
    form: ClassVar[str] = "account"

    username: Annotated[str, AfterValidator(rules.check_username)]
    country: Country
    approval_no: Annotated[str, _text(100)]
    enterprise_name: Annotated[str, _text(200)]
    department: OptionalText100 = None
    post: OptionalText100 = None
    contacts: Annotated[str, _text(50)]
    tel: Annotated[str, _text(30)]
    fax: OptionalText30 = None
    mobile: OptionalText30 = None
    address: Annotated[str, _text(300)]
    email: Annotated[str, _text(100), AfterValidator(rules.check_email)]
    remarks: OptionalText500 = None

    @field_validator("tel", "fax", "mobile")
    @classmethod
    def _phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        return rules.normalise_phone(value, info.data.get("country"))


class AbroadAccount(AccountDetails):
    """All fifteen fields of the registration form, passwords included.

    Built by `cifer_bot.credentials`, never from a facility file. Inputs are hidden
    from the text of validation errors so that no message shows a password; whoever
    reports its errors as data uses `errors(include_input=False)`.
    """

    model_config = ConfigDict(hide_input_in_errors=True)

    password: SecretStr
    confirm_password: SecretStr

    @field_validator("password")
    @classmethod
    def _password_rule(cls, value: SecretStr) -> SecretStr:
        rules.check_password(value.get_secret_value())
        return value

    @field_validator("confirm_password")
    @classmethod
    def _confirm(cls, value: SecretStr, info: ValidationInfo) -> SecretStr:
        password = info.data.get("password")
        if password is not None and value.get_secret_value() != password.get_secret_value():
            raise ValueError("the confirmation differs from the password")
        return value

    @classmethod
    def from_details(cls, details: AccountDetails, password: SecretStr) -> AbroadAccount:
        """The account to register: `details` plus the password, confirmed."""
        return cls.model_validate(
            {
                **{name: getattr(details, name) for name in AccountDetails.model_fields},
                "password": password,
                "confirm_password": password,
            }
        )


# --- the application -----------------------------------------------------------------


class ApplicationDetails(BaseModel):
    """The fields of the application form (企业基本信息, guide step 6), in its order."""

    model_config = _CONFIG
    form: ClassVar[str] = "application"

    country: Country
    approval_no: Text
    approval_authority: OptionalText = None
    cn_registration_no: OptionalText = None
    cn_registration_date: PastDate | None = None
    # The expiry of a registration in China lies in the future while it is valid.
    cn_registration_expiry: AnyDate | None = None
    enterprise_name: Text
    production_address: Text
    founded_date: PastDate
    legal_rep_name: Text
    legal_rep_tel: Text
    legal_rep_email: Email
    contact_name: Text
    contact_tel: Text
    contact_email: Email
    expansion_date: PastDate | None = None
    expansion_project: OptionalText = None
    expansion_facilities: OptionalText = None
    remarks: OptionalText = None
    identity_document: Path

    @field_validator("legal_rep_tel", "contact_tel")
    @classmethod
    def _phone(cls, value: str, info: ValidationInfo) -> str:
        return rules.normalise_phone(value, info.data.get("country"))

    @field_validator("cn_registration_expiry")
    @classmethod
    def _expiry_after_registration(cls, value: date | None, info: ValidationInfo) -> date | None:
        registered = info.data.get("cn_registration_date")
        if value is not None and registered is not None and value <= registered:
            raise ValueError(
                f"the registration in China cannot expire ({value}) before or on the day "
                f"it was registered ({registered})"
            )
        return value

    @field_validator("expansion_date")
    @classmethod
    def _expansion_after_founding(cls, value: date | None, info: ValidationInfo) -> date | None:
        founded = info.data.get("founded_date")
        if value is not None and founded is not None and value < founded:
            raise ValueError(
                f"the site cannot be expanded ({value}) before it was built ({founded})"
            )
        return value

    @field_validator("identity_document", mode="before")
    @classmethod
    def _resolve_document(cls, value: object, info: ValidationInfo) -> object:
        """Relative paths are relative to the facility file's folder (`base_dir`)."""
        if isinstance(value, str):
            if not value.strip():
                return value
            value = Path(value.strip()).expanduser()
        if isinstance(value, Path) and not value.is_absolute():
            context = info.context if isinstance(info.context, dict) else {}
            base = context.get("base_dir")
            return Path(base) / value if isinstance(base, str | Path) else value
        return value

    @field_validator("identity_document")
    @classmethod
    def _document(cls, value: Path) -> Path:
        return rules.check_identity_document(value)


class Application(ApplicationDetails):
    """One application: the form's fields and the one sub-item it is filed for."""

    category: Category


# --- the facility --------------------------------------------------------------------


def _split_categories(value: object) -> object:
    if isinstance(value, str):
        text = value
        for separator in CATEGORY_SEPARATORS[1:]:
            text = text.replace(separator, CATEGORY_SEPARATORS[0])
        return [part.strip() for part in text.split(CATEGORY_SEPARATORS[0]) if part.strip()]
    return value


class Facility(BaseModel):
    """One physical site (a plant or a store), its portal account, and the food
    categories it applies for: one application each, all under the one account."""

    model_config = _CONFIG
    form: ClassVar[str] = "facility"

    name: Annotated[str, _text(80)] = Field(
        description="A short name of your own, unique in the file; `--only NAME` uses it."
    )
    role: Annotated[rules.Role, BeforeValidator(rules.normalise_choice)] = "manufacturer"
    account_exists: Annotated[bool, BeforeValidator(rules.parse_bool)] = False
    account_origin: Annotated[rules.AccountOrigin, BeforeValidator(rules.normalise_choice)] = (
        "self_registration"
    )
    account: AccountDetails
    application: ApplicationDetails
    categories: Annotated[list[Category], BeforeValidator(_split_categories)] = Field(min_length=1)

    @field_validator("role")
    @classmethod
    def _who_registers(cls, value: rules.Role) -> rules.Role:
        return rules.check_role(value)

    @field_validator("account_origin")
    @classmethod
    def _origin(cls, value: rules.AccountOrigin, info: ValidationInfo) -> rules.AccountOrigin:
        if value == "competent_authority" and info.data.get("account_exists") is False:
            raise ValueError(
                "an account issued through the competent authority exists already: set "
                "account_exists to yes (cifer-bot creates only self-registration accounts)"
            )
        return value

    @field_validator("categories")
    @classmethod
    def _categories(cls, value: list[CatalogItem], info: ValidationInfo) -> list[CatalogItem]:
        seen: set[str] = set()
        for item in value:
            if item.code in seen:
                raise ValueError(f"{item.name_zh} ({item.name_en}) is listed twice")
            seen.add(item.code)
        origin = info.data.get("account_origin", "self_registration")
        refused = [item for item in value if not item.self_registration]
        if refused and origin == "self_registration":
            catalog = _catalog(info)
            raise ValueError("; ".join(catalog.refusal(item) for item in refused))
        return value

    @property
    def applications(self) -> list[Application]:
        """One application per category, each with the site's form fields."""
        fields = {name: getattr(self.application, name) for name in ApplicationDetails.model_fields}
        return [Application.model_construct(**fields, category=item) for item in self.categories]
