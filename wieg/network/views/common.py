from django.contrib import messages

from wieg.core.errors import DomainError


def apply_errors(form, exc: DomainError) -> None:
    """Put a service's field errors on the form; errors on fields the form lacks go on top."""
    if not exc.errors:
        form.add_error(None, str(exc.message))
        return
    for field, problems in exc.errors.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, str(problem))


def flash_error(request, exc: DomainError) -> None:
    messages.error(
        request,
        str(exc.message)
        if not exc.errors
        else " ".join(str(m) for problems in exc.errors.values() for m in problems),
    )
