"""Settings every service shares, read once from `TINHUY_*` environment variables.

Each service subclasses `ServiceSettings`, adds its own fields and builds one
frozen object in `main()`; nothing else reads `os.environ`. The same names are
used by the local launcher, docker-compose.yml and deploy/.
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TINHUY_", frozen=True, extra="ignore")

    kafka_bootstrap: str = "127.0.0.1:9092"
    # Prepended to every topic and consumer group: lets tests and parallel
    # stacks share one broker without seeing each other's records.
    topic_prefix: str = ""
    log_level: str = "INFO"
    log_json: bool = False
    # Largest message a producer sends; the broker's message.max.bytes matches.
    max_message_bytes: int = 10_485_760
    # Touched on every poll of the consume loop: a container healthcheck reads its age.
    heartbeat_file: str = ""
    # The consume loop's deadline for an input's outputs to be sent and acknowledged;
    # past it the producer counts as stuck: it is replaced and the input read again.
    delivery_timeout_s: float = 60.0

    def group_id(self, service: str) -> str:
        return f"{self.topic_prefix}tinhuy-{service}"
