"""What the portal asks, as strict pydantic models.

- `AccountDetails`: the registration form (guide step 3) without its two passwords,
  which is what a facility file holds; `AbroadAccount` adds the passwords, supplied by
  `cifer_bot.credentials` when an account is to be created.
- `ApplicationDetails`: the fields of the application form (step 6); `Application`
  adds the food category sub-item it is filed for (one category per application).
- `Facility`: one physical site, its account, and the categories it applies for.

Field names are English; each field's Chinese label (as the portal shows it) and its
English label come from the selector map (`cifer_bot.facilities.fields`), and are
carried into the JSON schema (`label_zh`, `label_en`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationInfo,
    field_validator,
)

from cifer_bot.facilities import rules
from cifer_bot.facilities.catalog import CATEGORY_SEPARATORS, CatalogItem
from cifer_bot.facilities.fields import (
    AnyDate,
    Category,
    Country,
    Email,
    FormModel,
    OptionalText,
    PastDate,
    Text,
    add_labels,
    catalog_of,
    text,
)

_CONFIG = ConfigDict(
    strict=True,
    extra="forbid",
    json_schema_extra=add_labels,
)


# --- the account ---------------------------------------------------------------------


class AccountDetails(FormModel):
    """The registration form (境外账号注册, guide step 3) without the passwords.

    Maximum lengths are the selector map's (`max_length`, assumed); the Approval NO is
    optional on the form but required here, because the guide says the registration
    system cannot be used without it.
    """

    model_config = _CONFIG
    form: ClassVar[str] = "account"

    username: Annotated[str, AfterValidator(rules.check_username)]
    country: Country
    approval_no: Text
    enterprise_name: Text
    department: OptionalText = None
    post: OptionalText = None
    contacts: Text
    tel: Text
    fax: OptionalText = None
    mobile: OptionalText = None
    address: Text
    email: Email
    remarks: OptionalText = None

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


class ApplicationDetails(FormModel):
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
    def _document(cls, value: Path, info: ValidationInfo) -> Path:
        # The rows of a file name the same few documents: each is read once per file.
        seen = info.context.get("documents") if isinstance(info.context, dict) else None
        if seen is None:
            return rules.check_identity_document(value)
        if value not in seen:
            try:
                seen[value] = str(rules.check_identity_document(value))
            except ValueError as error:
                seen[value] = error
        if isinstance(seen[value], ValueError):
            raise ValueError(str(seen[value]))
        return value


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


class Facility(FormModel):
    """One physical site (a plant or a store), its portal account, and the food
    categories it applies for: one application each, all under the one account."""

    model_config = _CONFIG
    form: ClassVar[str] = "facility"

    name: Annotated[str, text(80)] = Field(
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
            catalog = catalog_of(info)
            raise ValueError("; ".join(catalog.refusal(item) for item in refused))
        return value

    @property
    def applications(self) -> list[Application]:
        """One application per category, each with the site's form fields."""
        fields = {name: getattr(self.application, name) for name in ApplicationDetails.model_fields}
        return [Application.model_construct(**fields, category=item) for item in self.categories]


def expected_fields() -> dict[str, list[str]]:
    """The fields the models fill on the portal's forms, by form: what a map must name."""
    return {
        "account": list(AbroadAccount.model_fields),
        "application": list(ApplicationDetails.model_fields),
    }
