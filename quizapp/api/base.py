"""What every endpoint shares. Each view is one DRF class-based view per URL (APIView or one
of DRF's generic views) with this mixin first: JSON errors with the services' refusals
mapped to statuses, the write throttle, and a schema that lists the errors."""

from quizapp.api.errors import exception_handler
from quizapp.api.schema import QuizAutoSchema
from quizapp.api.throttles import WriteRateThrottle


class QuizApi:
    schema = QuizAutoSchema()
    throttle_classes = [WriteRateThrottle]

    def get_exception_handler(self):
        return exception_handler
