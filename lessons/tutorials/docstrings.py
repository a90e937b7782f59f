"""PyTorch's own docstring examples, read from the installed torch 2.13: every loss class of
torch.nn and every functional loss that has an example, and the beginner API's (factories,
reductions, nn layers, nn.init, torch.no_grad, optim.SGD). The code is the docstring's, its
prompts and printed outputs kept; the imports the docs assume are added first, and
``torch.manual_seed(0)`` where the example draws random numbers."""

from lessons.tutorials.tutorial import Tutorial

IMPORTS = "the imports the docs assume added first"
SEEDED = IMPORTS + ", and torch.manual_seed(0)"

DOCSTRINGS = {
    "doc_nn_BCELoss": Tutorial(
        "torch 2.13 docstring of torch.nn.BCELoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Sigmoid()
>>> loss = nn.BCELoss()
>>> input = torch.randn(3, 2, requires_grad=True)
>>> target = torch.rand(3, 2, requires_grad=False)
>>> output = loss(m(input), target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_BCEWithLogitsLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.BCEWithLogitsLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> target = torch.ones([10, 64], dtype=torch.float32)  # 64 classes, batch size = 10
>>> output = torch.full([10, 64], 1.5)  # A prediction (logit)
>>> pos_weight = torch.ones([64])  # All weights are equal to 1
>>> criterion = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
>>> criterion(output, target)  # -log(sigmoid(1.5))
tensor(0.20...)

>>> loss = nn.BCEWithLogitsLoss()
>>> input = torch.randn(3, requires_grad=True)
>>> target = torch.empty(3).random_(2)
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_CTCLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.CTCLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> # Target are to be padded
>>> T = 50  # Input sequence length
>>> C = 20  # Number of classes (including blank)
>>> N = 16  # Batch size
>>> S = 30  # Target sequence length of longest target in batch (padding length)
>>> S_min = 10  # Minimum target length, for demonstration purposes
>>>
>>> # Initialize random batch of input vectors, for *size = (T,N,C)
>>> input = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
>>>
>>> # Initialize random batch of targets (0 = blank, 1:C = classes)
>>> target = torch.randint(low=1, high=C, size=(N, S), dtype=torch.long)
>>>
>>> input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
>>> target_lengths = torch.randint(
...     low=S_min,
...     high=S,
...     size=(N,),
...     dtype=torch.long,
... )
>>> ctc_loss = nn.CTCLoss()
>>> loss = ctc_loss(input, target, input_lengths, target_lengths)
>>> loss.backward()
>>>
>>>
>>> # Target are to be un-padded
>>> T = 50  # Input sequence length
>>> C = 20  # Number of classes (including blank)
>>> N = 16  # Batch size
>>>
>>> # Initialize random batch of input vectors, for *size = (T,N,C)
>>> input = torch.randn(T, N, C).log_softmax(2).detach().requires_grad_()
>>> input_lengths = torch.full(size=(N,), fill_value=T, dtype=torch.long)
>>>
>>> # Initialize random batch of targets (0 = blank, 1:C = classes)
>>> target_lengths = torch.randint(low=1, high=T, size=(N,), dtype=torch.long)
>>> target = torch.randint(
...     low=1,
...     high=C,
...     size=(sum(target_lengths),),
...     dtype=torch.long,
... )
>>> ctc_loss = nn.CTCLoss()
>>> loss = ctc_loss(input, target, input_lengths, target_lengths)
>>> loss.backward()
>>>
>>>
>>> # Target are to be un-padded and unbatched (effectively N=1)
>>> T = 50  # Input sequence length
>>> C = 20  # Number of classes (including blank)
>>>
>>> # Initialize random batch of input vectors, for *size = (T,C)
>>> # xdoctest: +SKIP("FIXME: error in doctest")
>>> input = torch.randn(T, C).log_softmax(1).detach().requires_grad_()
>>> input_lengths = torch.tensor(T, dtype=torch.long)
>>>
>>> # Initialize random batch of targets (0 = blank, 1:C = classes)
>>> target_lengths = torch.randint(low=1, high=T, size=(), dtype=torch.long)
>>> target = torch.randint(
...     low=1,
...     high=C,
...     size=(target_lengths,),
...     dtype=torch.long,
... )
>>> ctc_loss = nn.CTCLoss()
>>> loss = ctc_loss(input, target, input_lengths, target_lengths)
>>> loss.backward()
""",
        SEEDED,
    ),
    "doc_nn_CosineEmbeddingLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.CosineEmbeddingLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.CosineEmbeddingLoss()
>>> input1 = torch.randn(3, 5, requires_grad=True)
>>> input2 = torch.randn(3, 5, requires_grad=True)
>>> target = torch.ones(3)
>>> output = loss(input1, input2, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_CrossEntropyLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.CrossEntropyLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> # Example of target with class indices
>>> loss = nn.CrossEntropyLoss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.empty(3, dtype=torch.long).random_(5)
>>> output = loss(input, target)
>>> output.backward()
>>>
>>> # Example of target with class probabilities
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5).softmax(dim=1)
>>> output = loss(input, target)
>>> output.backward()

>>> # xdoctest: +SKIP
>>> # Example of target with incorrectly specified class probabilities
>>> loss = nn.CrossEntropyLoss()
>>> torch.manual_seed(283)
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5)
>>> # Provided target class probabilities are not in range [0,1]
>>> target
tensor([[ 0.7105,  0.4446,  2.0297,  0.2671, -0.6075],
        [-1.0496, -0.2753, -0.3586,  0.9270,  1.0027],
        [ 0.7551,  0.1003,  1.3468, -0.3581, -0.9569]])
>>> # Provided target class probabilities do not sum to 1
>>> target.sum(axis=1)
tensor([2.8444, 0.2462, 0.8873])
>>> # No error message and possible misleading loss value
>>> loss(input, target).item()
4.6379876136779785
>>>
>>> # Example of target with correctly specified class probabilities
>>> # Use .softmax() to ensure true probability distribution
>>> target_new = target.softmax(dim=1)
>>> # New target class probabilities all in range [0,1]
>>> target_new
tensor([[0.1559, 0.1195, 0.5830, 0.1000, 0.0417],
        [0.0496, 0.1075, 0.0990, 0.3579, 0.3860],
        [0.2607, 0.1355, 0.4711, 0.0856, 0.0471]])
>>> # New target class probabilities sum to 1
>>> target_new.sum(axis=1)
tensor([1.0000, 1.0000, 1.0000])
>>> loss(input, target_new).item()
2.55349063873291
""",
        SEEDED,
    ),
    "doc_nn_GaussianNLLLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.GaussianNLLLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.GaussianNLLLoss()
>>> input = torch.randn(5, 2, requires_grad=True)
>>> target = torch.randn(5, 2)
>>> var = torch.ones(5, 2, requires_grad=True)  # heteroscedastic
>>> output = loss(input, target, var)
>>> output.backward()

>>> loss = nn.GaussianNLLLoss()
>>> input = torch.randn(5, 2, requires_grad=True)
>>> target = torch.randn(5, 2)
>>> var = torch.ones(5, 1, requires_grad=True)  # homoscedastic
>>> output = loss(input, target, var)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_HingeEmbeddingLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.HingeEmbeddingLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.HingeEmbeddingLoss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5).sign()
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_HuberLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.HuberLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.HuberLoss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5)
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_KLDivLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.KLDivLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> import torch.nn.functional as F
>>> _ = torch.manual_seed(0)
>>> kl_loss = nn.KLDivLoss(reduction="batchmean")
>>> # input should be a distribution in the log space
>>> input = F.log_softmax(torch.randn(3, 5, requires_grad=True), dim=1)
>>> # Sample a batch of distributions. Usually this would come from the dataset
>>> target = F.softmax(torch.rand(3, 5), dim=1)
>>> output = kl_loss(input, target)
>>>
>>> kl_loss = nn.KLDivLoss(reduction="batchmean", log_target=True)
>>> log_target = F.log_softmax(torch.rand(3, 5), dim=1)
>>> output = kl_loss(input, log_target)
""",
        SEEDED,
    ),
    "doc_nn_L1Loss": Tutorial(
        "torch 2.13 docstring of torch.nn.L1Loss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.L1Loss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5)
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_LinearCrossEntropyLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.LinearCrossEntropyLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> torch.manual_seed(283)
>>> # Example of target with class indices
>>> loss = nn.LinearCrossEntropyLoss(5, 10, out_features=(4, 3))
>>> input = torch.randn(2, 5, requires_grad=True)
>>> target = torch.randint(0, 10, (2, 4, 3))
>>> output = loss(input, target)
>>> output.backward()
>>>
>>> # Example of target with class probabilities
>>> input = torch.randn(2, 5, requires_grad=True)
>>> target = torch.randn(2, 10, 4, 3).softmax(dim=1)
>>> output = loss(input, target)
>>> output.backward()
""",
        IMPORTS,
    ),
    "doc_nn_MSELoss": Tutorial(
        "torch 2.13 docstring of torch.nn.MSELoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.MSELoss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5)
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_MarginRankingLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.MarginRankingLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.MarginRankingLoss()
>>> input1 = torch.randn(3, requires_grad=True)
>>> input2 = torch.randn(3, requires_grad=True)
>>> target = torch.randn(3).sign()
>>> output = loss(input1, input2, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_MultiLabelMarginLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.MultiLabelMarginLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> loss = nn.MultiLabelMarginLoss()
>>> x = torch.FloatTensor([[0.1, 0.2, 0.4, 0.8]])
>>> # for target y, only consider labels 3 and 0, not after label -1
>>> y = torch.LongTensor([[3, 0, -1, 1]])
>>> # 0.25 * ((1-(0.1-0.2)) + (1-(0.1-0.4)) + (1-(0.8-0.2)) + (1-(0.8-0.4)))
>>> loss(x, y)
tensor(0.85...)
""",
        IMPORTS,
    ),
    "doc_nn_MultiLabelSoftMarginLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.MultiLabelSoftMarginLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.MultiLabelSoftMarginLoss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.empty(3, 5).random_(2)
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_MultiMarginLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.MultiMarginLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> loss = nn.MultiMarginLoss()
>>> x = torch.tensor([[0.1, 0.2, 0.4, 0.8]])
>>> y = torch.tensor([3])
>>> # 0.25 * ((1-(0.8-0.1)) + (1-(0.8-0.2)) + (1-(0.8-0.4)))
>>> loss(x, y)
tensor(0.32...)
""",
        IMPORTS,
    ),
    "doc_nn_NLLLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.NLLLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> log_softmax = nn.LogSoftmax(dim=1)
>>> loss_fn = nn.NLLLoss()
>>> # input to NLLLoss is of size N x C = 3 x 5
>>> input = torch.randn(3, 5, requires_grad=True)
>>> # each element in target must have 0 <= value < C
>>> target = torch.tensor([1, 0, 4])
>>> loss = loss_fn(log_softmax(input), target)
>>> loss.backward()
>>>
>>>
>>> # 2D loss example (used, for example, with image inputs)
>>> N, C = 5, 4
>>> loss_fn = nn.NLLLoss()
>>> data = torch.randn(N, 16, 10, 10)
>>> conv = nn.Conv2d(16, C, (3, 3))
>>> log_softmax = nn.LogSoftmax(dim=1)
>>> # output of conv forward is of shape [N, C, 8, 8]
>>> output = log_softmax(conv(data))
>>> # each element in target must have 0 <= value < C
>>> target = torch.empty(N, 8, 8, dtype=torch.long).random_(0, C)
>>> # input to NLLLoss is of size N x C x height (8) x width (8)
>>> loss = loss_fn(output, target)
>>> loss.backward()
""",
        SEEDED,
    ),
    "doc_nn_PoissonNLLLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.PoissonNLLLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.PoissonNLLLoss()
>>> log_input = torch.randn(5, 2, requires_grad=True)
>>> target = torch.randn(5, 2)
>>> output = loss(log_input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_SmoothL1Loss": Tutorial(
        "torch 2.13 docstring of torch.nn.SmoothL1Loss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.SmoothL1Loss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5)
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_SoftMarginLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.SoftMarginLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> loss = nn.SoftMarginLoss()
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5).sign()
>>> output = loss(input, target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_TripletMarginLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.TripletMarginLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> triplet_loss = nn.TripletMarginLoss(margin=1.0, p=2, eps=1e-7)
>>> anchor = torch.randn(100, 128, requires_grad=True)
>>> positive = torch.randn(100, 128, requires_grad=True)
>>> negative = torch.randn(100, 128, requires_grad=True)
>>> output = triplet_loss(anchor, positive, negative)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_nn_TripletMarginWithDistanceLoss": Tutorial(
        "torch 2.13 docstring of torch.nn.TripletMarginWithDistanceLoss",
        """\
>>> import torch
>>> import torch.nn as nn
>>> import torch.nn.functional as F
>>> _ = torch.manual_seed(0)
>>> # Initialize embeddings
>>> embedding = nn.Embedding(1000, 128)
>>> anchor_ids = torch.randint(0, 1000, (1,))
>>> positive_ids = torch.randint(0, 1000, (1,))
>>> negative_ids = torch.randint(0, 1000, (1,))
>>> anchor = embedding(anchor_ids)
>>> positive = embedding(positive_ids)
>>> negative = embedding(negative_ids)
>>>
>>> # Built-in Distance Function
>>> triplet_loss = \\
>>>     nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance())
>>> output = triplet_loss(anchor, positive, negative)
>>> output.backward()
>>>
>>> # Custom Distance Function
>>> def l_infinity(x1, x2):
>>>     return torch.max(torch.abs(x1 - x2), dim=1).values
>>>
>>> # xdoctest: +SKIP("FIXME: Would call backwards a second time")
>>> triplet_loss = (
>>>     nn.TripletMarginWithDistanceLoss(distance_function=l_infinity, margin=1.5))
>>> output = triplet_loss(anchor, positive, negative)
>>> output.backward()
>>>
>>> # Custom Distance Function (Lambda)
>>> triplet_loss = (
>>>     nn.TripletMarginWithDistanceLoss(
>>>         distance_function=lambda x, y: 1.0 - F.cosine_similarity(x, y)))
>>> output = triplet_loss(anchor, positive, negative)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_F_binary_cross_entropy": Tutorial(
        "torch 2.13 docstring of torch.nn.functional.binary_cross_entropy",
        """\
>>> import torch
>>> import torch.nn.functional as F
>>> _ = torch.manual_seed(0)
>>> input = torch.randn(3, 2, requires_grad=True)
>>> target = torch.rand(3, 2, requires_grad=False)
>>> loss = F.binary_cross_entropy(torch.sigmoid(input), target)
>>> loss.backward()
""",
        SEEDED,
    ),
    "doc_F_cross_entropy": Tutorial(
        "torch 2.13 docstring of torch.nn.functional.cross_entropy",
        """\
>>> import torch
>>> import torch.nn.functional as F
>>> _ = torch.manual_seed(0)
>>> # Example of target with class indices
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randint(5, (3,), dtype=torch.int64)
>>> loss = F.cross_entropy(input, target)
>>> loss.backward()
>>>
>>> # Example of target with class probabilities
>>> input = torch.randn(3, 5, requires_grad=True)
>>> target = torch.randn(3, 5).softmax(dim=1)
>>> loss = F.cross_entropy(input, target)
>>> loss.backward()
""",
        SEEDED,
    ),
    "doc_F_ctc_loss": Tutorial(
        "torch 2.13 docstring of torch.nn.functional.ctc_loss",
        """\
>>> import torch
>>> import torch.nn.functional as F
>>> _ = torch.manual_seed(0)
>>> log_probs = torch.randn(50, 16, 20).log_softmax(2).detach().requires_grad_()
>>> targets = torch.randint(1, 20, (16, 30), dtype=torch.long)
>>> input_lengths = torch.full((16,), 50, dtype=torch.long)
>>> target_lengths = torch.randint(10, 30, (16,), dtype=torch.long)
>>> loss = F.ctc_loss(log_probs, targets, input_lengths, target_lengths)
>>> loss.backward()
""",
        SEEDED,
    ),
    "doc_F_nll_loss": Tutorial(
        "torch 2.13 docstring of torch.nn.functional.nll_loss",
        """\
>>> import torch
>>> import torch.nn.functional as F
>>> _ = torch.manual_seed(0)
>>> # input is of size N x C = 3 x 5
>>> input = torch.randn(3, 5, requires_grad=True)
>>> # each element in target has to have 0 <= value < C
>>> target = torch.tensor([1, 0, 4])
>>> output = F.nll_loss(F.log_softmax(input, dim=1), target)
>>> output.backward()
""",
        SEEDED,
    ),
    "doc_F_one_hot": Tutorial(
        "torch 2.13 docstring of torch.nn.functional.one_hot",
        """\
>>> import torch
>>> import torch.nn.functional as F
>>> F.one_hot(torch.arange(0, 5) % 3)
tensor([[1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0]])
>>> F.one_hot(torch.arange(0, 5) % 3, num_classes=5)
tensor([[1, 0, 0, 0, 0],
        [0, 1, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [1, 0, 0, 0, 0],
        [0, 1, 0, 0, 0]])
>>> F.one_hot(torch.arange(0, 6).view(3,2) % 3)
tensor([[[1, 0, 0],
         [0, 1, 0]],
        [[0, 0, 1],
         [1, 0, 0]],
        [[0, 1, 0],
         [0, 0, 1]]])
""",
        IMPORTS,
    ),
    "doc_nn_Linear": Tutorial(
        "torch 2.13 docstring of torch.nn.Linear",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Linear(20, 30)
>>> input = torch.randn(128, 20)
>>> output = m(input)
>>> print(output.size())
torch.Size([128, 30])
""",
        SEEDED,
    ),
    "doc_nn_Flatten": Tutorial(
        "torch 2.13 docstring of torch.nn.Flatten",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> input = torch.randn(32, 1, 5, 5)
>>> # With default parameters
>>> m = nn.Flatten()
>>> output = m(input)
>>> output.size()
torch.Size([32, 25])
>>> # With non-default parameters
>>> m = nn.Flatten(0, 2)
>>> output = m(input)
>>> output.size()
torch.Size([160, 5])
""",
        SEEDED,
    ),
    "doc_nn_ReLU": Tutorial(
        "torch 2.13 docstring of torch.nn.ReLU",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.ReLU()
>>> input = torch.randn(2)
>>> output = m(input)

>>> m = nn.ReLU()
>>> input = torch.randn(2).unsqueeze(0)
>>> output = torch.cat((m(input), m(-input)))
""",
        SEEDED,
    ),
    "doc_nn_Sigmoid": Tutorial(
        "torch 2.13 docstring of torch.nn.Sigmoid",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Sigmoid()
>>> input = torch.randn(2)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_Tanh": Tutorial(
        "torch 2.13 docstring of torch.nn.Tanh",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Tanh()
>>> input = torch.randn(2)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_Softmax": Tutorial(
        "torch 2.13 docstring of torch.nn.Softmax",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Softmax(dim=1)
>>> input = torch.randn(2, 3)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_LogSoftmax": Tutorial(
        "torch 2.13 docstring of torch.nn.LogSoftmax",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.LogSoftmax(dim=1)
>>> input = torch.randn(2, 3)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_LeakyReLU": Tutorial(
        "torch 2.13 docstring of torch.nn.LeakyReLU",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.LeakyReLU(0.1)
>>> input = torch.randn(2)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_Softplus": Tutorial(
        "torch 2.13 docstring of torch.nn.Softplus",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Softplus()
>>> input = torch.randn(2)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_Identity": Tutorial(
        "torch 2.13 docstring of torch.nn.Identity",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Identity(54, unused_argument1=0.1, unused_argument2=False)
>>> input = torch.randn(128, 20)
>>> output = m(input)
>>> print(output.size())
torch.Size([128, 20])
""",
        SEEDED,
    ),
    "doc_nn_Conv2d": Tutorial(
        "torch 2.13 docstring of torch.nn.Conv2d",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> # With square kernels and equal stride
>>> m = nn.Conv2d(16, 33, 3, stride=2)
>>> # non-square kernels and unequal stride and with padding
>>> m = nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2))
>>> # non-square kernels and unequal stride and with padding and dilation
>>> m = nn.Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))
>>> input = torch.randn(20, 16, 50, 100)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_MaxPool2d": Tutorial(
        "torch 2.13 docstring of torch.nn.MaxPool2d",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> # pool of square window of size=3, stride=2
>>> m = nn.MaxPool2d(3, stride=2)
>>> # pool of non-square window
>>> m = nn.MaxPool2d((3, 2), stride=(2, 1))
>>> input = torch.randn(20, 16, 50, 32)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_nn_Embedding": Tutorial(
        "torch 2.13 docstring of torch.nn.Embedding",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> # an Embedding module containing 10 tensors of size 3
>>> embedding = nn.Embedding(10, 3)
>>> # a batch of 2 samples of 4 indices each
>>> input = torch.LongTensor([[1, 2, 4, 5], [4, 3, 2, 9]])
>>> # xdoctest: +IGNORE_WANT("non-deterministic")
>>> embedding(input)
tensor([[[-0.0251, -1.6902,  0.7172],
         [-0.6431,  0.0748,  0.6969],
         [ 1.4970,  1.3448, -0.9685],
         [-0.3677, -2.7265, -0.1685]],

>>> # example with padding_idx
>>> embedding = nn.Embedding(10, 3, padding_idx=0)
>>> input = torch.LongTensor([[0, 2, 0, 5]])
>>> embedding(input)
tensor([[[ 0.0000,  0.0000,  0.0000],
         [ 0.1535, -2.0309,  0.9315],
         [ 0.0000,  0.0000,  0.0000],
         [-0.1655,  0.9897,  0.0635]]])

>>> # example of changing `pad` vector
>>> padding_idx = 0
>>> embedding = nn.Embedding(3, 3, padding_idx=padding_idx)
>>> embedding.weight
Parameter containing:
tensor([[ 0.0000,  0.0000,  0.0000],
        [-0.7895, -0.7089, -0.0364],
        [ 0.6778,  0.5803,  0.2678]], requires_grad=True)
>>> with torch.no_grad():
...     embedding.weight[padding_idx] = torch.ones(3)
>>> embedding.weight
Parameter containing:
tensor([[ 1.0000,  1.0000,  1.0000],
        [-0.7895, -0.7089, -0.0364],
        [ 0.6778,  0.5803,  0.2678]], requires_grad=True)
""",
        SEEDED,
    ),
    "doc_nn_Dropout": Tutorial(
        "torch 2.13 docstring of torch.nn.Dropout",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> m = nn.Dropout(p=0.2)
>>> input = torch.randn(20, 16)
>>> output = m(input)
""",
        SEEDED,
    ),
    "doc_init_xavier_uniform_": Tutorial(
        "torch 2.13 docstring of torch.nn.init.xavier_uniform_",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> w = torch.empty(3, 5)
>>> nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain("relu"))
""",
        SEEDED,
    ),
    "doc_init_kaiming_normal_": Tutorial(
        "torch 2.13 docstring of torch.nn.init.kaiming_normal_",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> w = torch.empty(3, 5)
>>> nn.init.kaiming_normal_(w, mode="fan_out", nonlinearity="relu")
""",
        SEEDED,
    ),
    "doc_torch_tensor": Tutorial(
        "torch 2.13 docstring of torch.tensor",
        """\
>>> import torch
>>> torch.tensor([[0.1, 1.2], [2.2, 3.1], [4.9, 5.2]])
tensor([[ 0.1000,  1.2000],
        [ 2.2000,  3.1000],
        [ 4.9000,  5.2000]])

>>> torch.tensor([0, 1])  # Type inference on data
tensor([ 0,  1])

>>> torch.tensor([[0.11111, 0.222222, 0.3333333]],
...              dtype=torch.float64,
...              device=torch.device('cuda:0'))  # creates a double tensor on a CUDA device
tensor([[ 0.1111,  0.2222,  0.3333]], dtype=torch.float64, device='cuda:0')

>>> torch.tensor(3.14159)  # Create a zero-dimensional (scalar) tensor
tensor(3.1416)

>>> torch.tensor([])  # Create an empty tensor (of size (0,))
tensor([])
""",
        IMPORTS,
    ),
    "doc_torch_randn": Tutorial(
        "torch 2.13 docstring of torch.randn",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> torch.randn(4)
tensor([-2.1436,  0.9966,  2.3426, -0.6366])
>>> torch.randn(2, 3)
tensor([[ 1.5954,  2.8929, -1.0923],
        [ 1.1719, -0.4709, -0.1996]])
""",
        SEEDED,
    ),
    "doc_torch_rand": Tutorial(
        "torch 2.13 docstring of torch.rand",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> torch.rand(4)
tensor([ 0.5204,  0.2503,  0.3525,  0.5673])
>>> torch.rand(2, 3)
tensor([[ 0.8237,  0.5781,  0.6879],
        [ 0.3816,  0.7249,  0.0998]])
""",
        SEEDED,
    ),
    "doc_torch_randint": Tutorial(
        "torch 2.13 docstring of torch.randint",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> torch.randint(3, 5, (3,))
tensor([4, 3, 4])

>>> torch.randint(10, (2, 2))
tensor([[0, 2],
        [5, 5]])

>>> torch.randint(3, 10, (2, 2))
tensor([[4, 5],
        [6, 7]])
""",
        SEEDED,
    ),
    "doc_torch_randperm": Tutorial(
        "torch 2.13 docstring of torch.randperm",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> torch.randperm(4)
tensor([2, 1, 0, 3])
""",
        SEEDED,
    ),
    "doc_torch_normal": Tutorial(
        "torch 2.13 docstring of torch.normal",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> torch.normal(mean=torch.arange(1., 11.), std=torch.arange(1, 0, -0.1))
tensor([  1.0425,   3.5672,   2.7969,   4.2925,   4.7229,   6.2134,
          8.0505,   8.1408,   9.0563,  10.0566])

>>> torch.normal(mean=0.5, std=torch.arange(1., 6.))
tensor([-1.2793, -1.0732, -2.0687,  5.1177, -1.2303])

>>> torch.normal(mean=torch.arange(1., 6.))
tensor([ 1.1552,  2.6148,  2.6535,  5.8318,  4.2361])

>>> torch.normal(2, 3, size=(1, 4))
tensor([[-1.3987, -1.9544,  3.6048,  0.7909]])
""",
        SEEDED,
    ),
    "doc_torch_zeros": Tutorial(
        "torch 2.13 docstring of torch.zeros",
        """\
>>> import torch
>>> torch.zeros(2, 3)
tensor([[ 0.,  0.,  0.],
        [ 0.,  0.,  0.]])

>>> torch.zeros(5)
tensor([ 0.,  0.,  0.,  0.,  0.])
""",
        IMPORTS,
    ),
    "doc_torch_ones": Tutorial(
        "torch 2.13 docstring of torch.ones",
        """\
>>> import torch
>>> torch.ones(2, 3)
tensor([[ 1.,  1.,  1.],
        [ 1.,  1.,  1.]])

>>> torch.ones(5)
tensor([ 1.,  1.,  1.,  1.,  1.])
""",
        IMPORTS,
    ),
    "doc_torch_arange": Tutorial(
        "torch 2.13 docstring of torch.arange",
        """\
>>> import torch
>>> torch.arange(5)
tensor([ 0,  1,  2,  3,  4])
>>> torch.arange(1, 4)
tensor([ 1,  2,  3])
>>> torch.arange(1, 2.5, 0.5)
tensor([ 1.0000,  1.5000,  2.0000])
""",
        IMPORTS,
    ),
    "doc_torch_linspace": Tutorial(
        "torch 2.13 docstring of torch.linspace",
        """\
>>> import torch
>>> torch.linspace(3, 10, steps=5)
tensor([  3.0000,   4.7500,   6.5000,   8.2500,  10.0000])
>>> torch.linspace(-10, 10, steps=5)
tensor([-10.,  -5.,   0.,   5.,  10.])
>>> torch.linspace(start=-10, end=10, steps=5)
tensor([-10.,  -5.,   0.,   5.,  10.])
>>> torch.linspace(start=-10, end=10, steps=1)
tensor([-10.])
""",
        IMPORTS,
    ),
    "doc_torch_eye": Tutorial(
        "torch 2.13 docstring of torch.eye",
        """\
>>> import torch
>>> torch.eye(3)
tensor([[ 1.,  0.,  0.],
        [ 0.,  1.,  0.],
        [ 0.,  0.,  1.]])
""",
        IMPORTS,
    ),
    "doc_torch_matmul": Tutorial(
        "torch 2.13 docstring of torch.matmul",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> # vector x vector
>>> tensor1 = torch.randn(3)
>>> tensor2 = torch.randn(3)
>>> torch.matmul(tensor1, tensor2).size()
torch.Size([])
>>> # matrix x vector
>>> tensor1 = torch.randn(3, 4)
>>> tensor2 = torch.randn(4)
>>> torch.matmul(tensor1, tensor2).size()
torch.Size([3])
>>> # batched matrix x broadcasted vector
>>> tensor1 = torch.randn(10, 3, 4)
>>> tensor2 = torch.randn(4)
>>> torch.matmul(tensor1, tensor2).size()
torch.Size([10, 3])
>>> # batched matrix x batched matrix
>>> tensor1 = torch.randn(10, 3, 4)
>>> tensor2 = torch.randn(10, 4, 5)
>>> torch.matmul(tensor1, tensor2).size()
torch.Size([10, 3, 5])
>>> # batched matrix x broadcasted matrix
>>> tensor1 = torch.randn(10, 3, 4)
>>> tensor2 = torch.randn(4, 5)
>>> torch.matmul(tensor1, tensor2).size()
torch.Size([10, 3, 5])
""",
        SEEDED,
    ),
    "doc_torch_mean": Tutorial(
        "torch 2.13 docstring of torch.mean",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> a = torch.randn(1, 3)
>>> a
tensor([[ 0.2294, -0.5481,  1.3288]])
>>> torch.mean(a)
tensor(0.3367)

>>> a = torch.randn(4, 4)
>>> a
tensor([[-0.3841,  0.6320,  0.4254, -0.7384],
        [-0.9644,  1.0131, -0.6549, -1.4279],
        [-0.2951, -1.3350, -0.7694,  0.5600],
        [ 1.0842, -0.9580,  0.3623,  0.2343]])
>>> torch.mean(a, 1)
tensor([-0.0163, -0.5085, -0.4599,  0.1807])
>>> torch.mean(a, 1, True)
tensor([[-0.0163],
        [-0.5085],
        [-0.4599],
        [ 0.1807]])
""",
        SEEDED,
    ),
    "doc_torch_sum": Tutorial(
        "torch 2.13 docstring of torch.sum",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> a = torch.randn(1, 3)
>>> a
tensor([[ 0.1133, -0.9567,  0.2958]])
>>> torch.sum(a)
tensor(-0.5475)

>>> a = torch.randn(4, 4)
>>> a
tensor([[ 0.0569, -0.2475,  0.0737, -0.3429],
        [-0.2993,  0.9138,  0.9337, -1.6864],
        [ 0.1132,  0.7892, -0.1003,  0.5688],
        [ 0.3637, -0.9906, -0.4752, -1.5197]])
>>> torch.sum(a, 1)
tensor([-0.4598, -0.1381,  1.3708, -2.6217])
>>> b = torch.arange(4 * 5 * 6).view(4, 5, 6)
>>> torch.sum(b, (2, 1))
tensor([  435.,  1335.,  2235.,  3135.])
""",
        SEEDED,
    ),
    "doc_torch_exp": Tutorial(
        "torch 2.13 docstring of torch.exp",
        """\
>>> import torch
>>> import math
>>> torch.exp(torch.tensor([0, math.log(2.)]))
tensor([ 1.,  2.])
""",
        IMPORTS,
    ),
    "doc_torch_cat": Tutorial(
        "torch 2.13 docstring of torch.cat",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> x = torch.randn(2, 3)
>>> x
tensor([[ 0.6580, -1.0969, -0.4614],
        [-0.1034, -0.5790,  0.1497]])
>>> torch.cat((x, x, x), 0)
tensor([[ 0.6580, -1.0969, -0.4614],
        [-0.1034, -0.5790,  0.1497],
        [ 0.6580, -1.0969, -0.4614],
        [-0.1034, -0.5790,  0.1497],
        [ 0.6580, -1.0969, -0.4614],
        [-0.1034, -0.5790,  0.1497]])
>>> torch.cat((x, x, x), 1)
tensor([[ 0.6580, -1.0969, -0.4614,  0.6580, -1.0969, -0.4614,  0.6580,
         -1.0969, -0.4614],
        [-0.1034, -0.5790,  0.1497, -0.1034, -0.5790,  0.1497, -0.1034,
         -0.5790,  0.1497]])
""",
        SEEDED,
    ),
    "doc_torch_stack": Tutorial(
        "torch 2.13 docstring of torch.stack",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> x = torch.randn(2, 3)
>>> x
tensor([[ 0.3367,  0.1288,  0.2345],
        [ 0.2303, -1.1229, -0.1863]])
>>> torch.stack((x, x)) # same as torch.stack((x, x), dim=0)
tensor([[[ 0.3367,  0.1288,  0.2345],
         [ 0.2303, -1.1229, -0.1863]],

>>> torch.stack((x, x)).size()
torch.Size([2, 2, 3])
>>> torch.stack((x, x), dim=1)
tensor([[[ 0.3367,  0.1288,  0.2345],
         [ 0.3367,  0.1288,  0.2345]],

>>> torch.stack((x, x), dim=2)
tensor([[[ 0.3367,  0.3367],
         [ 0.1288,  0.1288],
         [ 0.2345,  0.2345]],

>>> torch.stack((x, x), dim=-1)
tensor([[[ 0.3367,  0.3367],
         [ 0.1288,  0.1288],
         [ 0.2345,  0.2345]],
""",
        SEEDED,
    ),
    "doc_torch_argmax": Tutorial(
        "torch 2.13 docstring of torch.argmax",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> a = torch.randn(4, 4)
>>> a
tensor([[ 1.3398,  0.2663, -0.2686,  0.2450],
        [-0.7401, -0.8805, -0.3402, -1.1936],
        [ 0.4907, -1.3948, -1.0691, -0.3132],
        [-1.6092,  0.5419, -0.2993,  0.3195]])
>>> torch.argmax(a)
tensor(0)

>>> a = torch.randn(4, 4)
>>> a
tensor([[ 1.3398,  0.2663, -0.2686,  0.2450],
        [-0.7401, -0.8805, -0.3402, -1.1936],
        [ 0.4907, -1.3948, -1.0691, -0.3132],
        [-1.6092,  0.5419, -0.2993,  0.3195]])
>>> torch.argmax(a, dim=1)
tensor([ 0,  2,  0,  1])
""",
        SEEDED,
    ),
    "doc_torch_max": Tutorial(
        "torch 2.13 docstring of torch.max",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> a = torch.randn(1, 3)
>>> a
tensor([[ 0.6763,  0.7445, -2.2369]])
>>> torch.max(a)
tensor(0.7445)

>>> a = torch.randn(4, 4)
>>> a
tensor([[-1.2360, -0.2942, -0.1222,  0.8475],
        [ 1.1949, -1.1127, -2.2379, -0.6702],
        [ 1.5717, -0.9207,  0.1297, -1.8768],
        [-0.6172,  1.0036, -0.6060, -0.2432]])
>>> torch.max(a, 1)
torch.return_types.max(values=tensor([0.8475, 1.1949, 1.5717, 1.0036]), indices=tensor([3, 0, 0, 1]))
>>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> a.max(dim=1, keepdim=True)
torch.return_types.max(
values=tensor([[2.], [4.]]),
indices=tensor([[1], [1]]))
>>> a.max(dim=1, keepdim=False)
torch.return_types.max(
values=tensor([2., 4.]),
indices=tensor([1, 1]))
""",
        SEEDED,
    ),
    "doc_torch_reshape": Tutorial(
        "torch 2.13 docstring of torch.reshape",
        """\
>>> import torch
>>> a = torch.arange(4.)
>>> torch.reshape(a, (2, 2))
tensor([[ 0.,  1.],
        [ 2.,  3.]])
>>> b = torch.tensor([[0, 1], [2, 3]])
>>> torch.reshape(b, (-1,))
tensor([ 0,  1,  2,  3])
""",
        IMPORTS,
    ),
    "doc_torch_no_grad": Tutorial(
        "torch 2.13 docstring of torch.no_grad",
        """\
>>> import torch
>>> import torch.nn as nn
>>> _ = torch.manual_seed(0)
>>> # xdoctest: +SKIP
>>> x = torch.tensor([1.], requires_grad=True)
>>> with torch.no_grad():
...     y = x * 2
>>> y.requires_grad
False
>>> @torch.no_grad()
... def doubler(x):
...     return x * 2
>>> z = doubler(x)
>>> z.requires_grad
False
>>> @torch.no_grad()
... def tripler(x):
...     return x * 3
>>> z = tripler(x)
>>> z.requires_grad
False
>>> # factory function exception
>>> with torch.no_grad():
...     a = torch.nn.Parameter(torch.rand(10))
>>> a.requires_grad
True
""",
        SEEDED,
    ),
    "doc_optim_SGD": Tutorial(
        "torch 2.13 docstring of torch.optim.SGD",
        """\
>>> import torch
>>> _ = torch.manual_seed(0)
>>> model = torch.nn.Linear(3, 1)
>>> loss_fn = torch.nn.MSELoss()
>>> input, target = torch.randn(4, 3), torch.randn(4, 1)
>>> # xdoctest: +SKIP
>>> optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
>>> optimizer.zero_grad()
>>> loss_fn(model(input), target).backward()
>>> optimizer.step()
""",
        SEEDED + "; a model, loss_fn, input and target for it to run on",
    ),
}
