from django.db import models


class DemoRecord(models.Model):
    """A row `load_demo` made once: it is never made again, whatever editors did to it since.

    The row is found by model and primary key, so an editor's new slug or name does not make
    the demo load it a second time.
    """

    key = models.CharField(max_length=300, unique=True, help_text="model:demo slug")
    object_id = models.PositiveBigIntegerField()

    def __str__(self):
        return self.key
