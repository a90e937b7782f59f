"""The Descent page's widget module: the sentence that explains a step's update."""

from ui.descent import number, update_rule

SGD = dict(optimizer="sgd", lr=0.1, momentum=0.0, nesterov=False)


def test_the_update_rule_of_each_optimizer():
    assert update_rule(SGD, 0) == "SGD: update = −lr × gradient = −0.1 × gradient."
    assert update_rule(SGD, 1e-4).endswith("L2 adds 0.0001 × p to each gradient before the update.")
    nesterov = update_rule(dict(SGD, momentum=0.9, nesterov=True), 0)
    assert "momentum 0.9" in nesterov and "looking ahead" in nesterov
    assert update_rule(dict(SGD, optimizer="adam"), 0).startswith("Adam: the update is")


def test_numbers_keep_four_digits_and_say_inf_and_nan():
    assert [number(v) for v in (0.123456, 12345.6, float("inf"), float("nan"))] == [
        "0.1235", "1.235e+04", "inf", "nan"]
