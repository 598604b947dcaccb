"""A record of each demo data build, so that `seed_demo` knows a database holds demo data."""

from django.db import models


class DemoRun(models.Model):
    seed = models.IntegerField()
    families = models.PositiveIntegerField()
    today = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.families} families, seed {self.seed}, {self.today}"
