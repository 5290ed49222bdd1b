"""The member's learning loop: onboarding, lessons, quizzes, reviews, progress, nudges."""
