# Sources of engine/plan.
