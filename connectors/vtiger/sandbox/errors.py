"""vtiger webservice error codes and the exception that carries them into the envelope."""

from __future__ import annotations

# Codes exactly as WebServiceErrorCode.php spells them (UNKOWN_ENTITY's typo is real).
SESSION_EXPIRED = "SESSION_EXPIRED"
REFERENCE_INVALID = "REFERENCE_INVALID"
SESSION_LEFT_IDLE = "SESSION_LEFT_IDLE"
INVALID_SESSIONID = "INVALID_SESSIONID"
INVALID_USER_CREDENTIALS = "INVALID_USER_CREDENTIALS"
AUTHENTICATION_REQUIRED = "AUTHENTICATION_REQUIRED"
AUTHENTICATION_FAILURE = "AUTHENTICATION_FAILURE"
ACCESS_DENIED = "ACCESS_DENIED"
DATABASE_QUERY_ERROR = "DATABASE_QUERY_ERROR"
MANDATORY_FIELDS_MISSING = "MANDATORY_FIELDS_MISSING"
INVALID_ID_ATTRIBUTE = "INVALID_ID_ATTRIBUTE"
QUERY_SYNTAX_ERROR = "QUERY_SYNTAX_ERROR"
INVALID_AUTH_TOKEN = "INVALID_AUTH_TOKEN"
ACCESSKEY_UNDEFINED = "ACCESSKEY_UNDEFINED"
RECORD_NOT_FOUND = "RECORD_NOT_FOUND"
UNKNOWN_OPERATION = "UNKNOWN_OPERATION"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
OPERATION_NOT_SUPPORTED = "OPERATION_NOT_SUPPORTED"
UNKOWN_ENTITY = "UNKOWN_ENTITY"

# Messages the stock server uses; several typos are vtiger's own and clients match on them.
MSG_AUTH_REQUIRED = "Authencation required"
MSG_UNKNOWN_OPERATION = "Unknown operation requested"
MSG_INTERNAL = "Unknown Error while processing request"
MSG_NOT_FOUND = "Record you are trying to access is not found"
MSG_BAD_ID = "Id specified is incorrect"
MSG_DENIED = "Permission to perform the operation is denied"
MSG_DENIED_FOR_ID = "Permission to perform the operation is denied for id"
MSG_WRITE_DENIED = "Permission to write is denied"
MSG_DATABASE = "Database error while performing required operation"
MSG_CANNOT_ASSIGN = "Cannot assign record to the given user"
MSG_LINE_ITEMS_MISSING = "Mandatory Fields Missing.."


class WebServiceError(Exception):
    """An application error: always answered as HTTP 200 with success false."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


def mandatory_missing(field: str) -> WebServiceError:
    return WebServiceError(MANDATORY_FIELDS_MISSING, f"{field} does not have a value")


def reference_invalid(field: str) -> WebServiceError:
    return WebServiceError(REFERENCE_INVALID, f"Invalid reference specified for {field}")


def database_error() -> WebServiceError:
    return WebServiceError(DATABASE_QUERY_ERROR, MSG_DATABASE)


def denied(message: str = MSG_DENIED) -> WebServiceError:
    return WebServiceError(ACCESS_DENIED, message)
