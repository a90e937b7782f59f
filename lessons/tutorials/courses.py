"""Community and Chinese beginner courses: 小土堆's PyTorch course (github.com/xiaotudui/
pytorch-tutorial, the course this app's first tutorial came from), Sung Kim's PyTorchZeroToAll
(github.com/hunkim/PyTorchZeroToAll) and 刘二大人's 《PyTorch深度学习实践》 built on it, without
their datasets, TensorBoard writers or plots of files."""

from lessons.tutorials.tutorial import Tutorial

_TUDUI = "https://github.com/xiaotudui/pytorch-tutorial/blob/master/src/"
_KIM = "https://github.com/hunkim/PyTorchZeroToAll/blob/master/"
_LIU = "https://www.bilibili.com/video/BV1Y7411d7Ys"
SEEDED = "torch.manual_seed(0) added after the imports"

COURSES = {
    "tudui_nn_loss": Tutorial(_TUDUI + "nn_loss.py", """\
# -*- coding: utf-8 -*-
# 作者：小土堆
# 公众号：土堆碎念
import torch
from torch.nn import L1Loss
from torch import nn

inputs = torch.tensor([1, 2, 3], dtype=torch.float32)
targets = torch.tensor([1, 2, 5], dtype=torch.float32)

inputs = torch.reshape(inputs, (1, 1, 1, 3))
targets = torch.reshape(targets, (1, 1, 1, 3))

loss = L1Loss(reduction='sum')
result = loss(inputs, targets)

loss_mse = nn.MSELoss()
result_mse = loss_mse(inputs, targets)

print(result)
print(result_mse)


x = torch.tensor([0.1, 0.2, 0.3])
y = torch.tensor([1])
x = torch.reshape(x, (1, 3))
loss_cross = nn.CrossEntropyLoss()
result_cross = loss_cross(x, y)
print(result_cross)
"""),
    "tudui_nn_module": Tutorial(_TUDUI + "nn_module.py", """\
# -*- coding: utf-8 -*-
# 作者：小土堆
# 公众号：土堆碎念
import torch
from torch import nn


class Tudui(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, input):
        output = input + 1
        return output


tudui = Tudui()
x = torch.tensor(1.0)
output = tudui(x)
print(output)
"""),
    "tudui_nn_relu": Tutorial(_TUDUI + "nn_relu.py", """\
import torch
from torch import nn
from torch.nn import ReLU, Sigmoid

input = torch.tensor([[1, -0.5],
                      [-1, 3]])

input = torch.reshape(input, (-1, 1, 2, 2))
print(input.shape)

class Tudui(nn.Module):
    def __init__(self):
        super(Tudui, self).__init__()
        self.relu1 = ReLU()
        self.sigmoid1 = Sigmoid()

    def forward(self, input):
        output = self.sigmoid1(input)
        return output

tudui = Tudui()
output = tudui(input)
print(output)
""", "the CIFAR10 DataLoader and the TensorBoard writer left out; the module runs on the "
         "2x2 input and its output is printed"),
    "tudui_nn_seq": Tutorial(_TUDUI + "nn_seq.py", """\
import torch
from torch import nn
from torch.nn import Conv2d, MaxPool2d, Flatten, Linear, Sequential


class Tudui(nn.Module):
    def __init__(self):
        super(Tudui, self).__init__()
        self.model1 = Sequential(
            Conv2d(3, 32, 5, padding=2),
            MaxPool2d(2),
            Conv2d(32, 32, 5, padding=2),
            MaxPool2d(2),
            Conv2d(32, 64, 5, padding=2),
            MaxPool2d(2),
            Flatten(),
            Linear(1024, 64),
            Linear(64, 10)
        )

    def forward(self, x):
        x = self.model1(x)
        return x

torch.manual_seed(0)
tudui = Tudui()
print(tudui)
input = torch.ones((64, 3, 32, 32))
output = tudui(input)
print(output.shape)
""", "the TensorBoard writer left out; torch.manual_seed(0) added"),
    "kim_manual_gradient": Tutorial(_KIM + "02_manual_gradient.py", """\
import matplotlib.pyplot as plt

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]

w = 1.0    # a random guess of initial weight
lr = 0.01  # learning rate
num_epoches = 10


def forward(x):
    return x * w


def loss(x, y):
    y_pred = forward(x)
    return (y_pred - y) ** 2


def gradient(x, y):
    return 2 * x * (x * w - y)


print("predict (before training)", 4, forward(4))

w_history = []
loss_history = []
for epoch in range(num_epoches):
    for x_val, y_val in zip(x_data, y_data):
        grad = gradient(x_val, y_val)
        w = w - lr * grad
        print("\\tgrad: ", x_val, y_val, round(grad, 2))
        los_val = loss(x_val, y_val)
        w_history.append(w)
        loss_history.append(los_val)

    print("progress:", epoch, "w=", round(w, 2), "loss=", round(los_val, 2))

print("predict (after training)", "4 hours", forward(4))

colors = ('b', 'g', 'r', 'c', 'm', 'y', 'k')
style = ('s', '8', 'X', 'p', 'd', 'D', '*')

plt.subplot(2, 1, 1)
plt.plot(w_history, loss_history, marker=style[1], color=colors[1],
         markersize=5)
plt.ylabel('Loss')
plt.xlabel('w')

plt.subplot(2, 1, 2)
plt.plot(range(1, len(w_history) + 1), w_history, marker=style[1],
         color=colors[1], markersize=5)
plt.ylabel('w')
plt.xlabel('Iteration')

plt.show()
"""),
    "kim_auto_gradient": Tutorial(_KIM + "03_auto_gradient.py", """\
import torch
import pdb

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]
w = torch.tensor([1.0], requires_grad=True)

# our model forward pass
def forward(x):
    return x * w

# Loss function
def loss(y_pred, y_val):
    return (y_pred - y_val) ** 2

# Before training
print("Prediction (before training)",  4, forward(4).item())

# Training loop
for epoch in range(10):
    for x_val, y_val in zip(x_data, y_data):
        y_pred = forward(x_val) # 1) Forward pass
        l = loss(y_pred, y_val) # 2) Compute loss
        l.backward() # 3) Back propagation to update weights
        print("\\tgrad: ", x_val, y_val, w.grad.item())
        w.data = w.data - 0.01 * w.grad.item()

        # Manually zero the gradients after updating weights
        w.grad.data.zero_()

    print(f"Epoch: {epoch} | Loss: {l.item()}")

# After training
print("Prediction (after training)",  4, forward(4).item())
"""),
    "kim_linear_regression": Tutorial(_KIM + "05_linear_regression.py", """\
import torch
from torch.autograd import Variable

torch.manual_seed(0)
x_data = Variable(torch.Tensor([[1.0], [2.0], [3.0]]))
y_data = Variable(torch.Tensor([[2.0], [4.0], [6.0]]))


class Model(torch.nn.Module):

    def __init__(self):
        super(Model, self).__init__()
        self.linear = torch.nn.Linear(1, 1)  # One in and one out

    def forward(self, x):
        y_pred = self.linear(x)
        return y_pred

# our model
model = Model()


criterion = torch.nn.MSELoss(size_average=False)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

# Training loop
for epoch in range(500):
        # Forward pass: Compute predicted y by passing x to the model
    y_pred = model(x_data)

    # Compute and print loss
    loss = criterion(y_pred, y_data)
    print(epoch, loss.item())

    # Zero gradients, perform a backward pass, and update the weights.
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()


# After training
hour_var = Variable(torch.Tensor([[4.0]]))
y_pred = model(hour_var)
print("predict (after training)",  4, model(hour_var).data[0][0])
""", SEEDED),
    "kim_logistic_regression": Tutorial(_KIM + "06_logistic_regression.py", """\
import torch
from torch.autograd import Variable
import torch.nn.functional as F

torch.manual_seed(0)
x_data = Variable(torch.Tensor([[1.0], [2.0], [3.0], [4.0]]))
y_data = Variable(torch.Tensor([[0.], [0.], [1.], [1.]]))


class Model(torch.nn.Module):

    def __init__(self):
        super(Model, self).__init__()
        self.linear = torch.nn.Linear(1, 1)  # One in and one out

    def forward(self, x):
        y_pred = F.sigmoid(self.linear(x))
        return y_pred

# our model
model = Model()


criterion = torch.nn.BCELoss(size_average=True)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

# Training loop
for epoch in range(1000):
        # Forward pass: Compute predicted y by passing x to the model
    y_pred = model(x_data)

    # Compute and print loss
    loss = criterion(y_pred, y_data)
    print(epoch, loss.item())

    # Zero gradients, perform a backward pass, and update the weights.
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

# After training
hour_var = Variable(torch.Tensor([[1.0]]))
print("predict 1 hour ", 1.0, model(hour_var).data[0][0] > 0.5)
hour_var = Variable(torch.Tensor([[7.0]]))
print("predict 7 hours", 7.0, model(hour_var).data[0][0] > 0.5)
""", SEEDED),
    "kim_softmax_loss": Tutorial(_KIM + "09_01_softmax_loss.py", """\
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.autograd import Variable

torch.manual_seed(0)

# Softmax + CrossEntropy (logSoftmax + NLLLoss)
loss = nn.CrossEntropyLoss()

# input is of size nBatch x nClasses = 3 x 5
output = Variable(torch.randn(3, 5), requires_grad=True)

# target is of size nBatch
# each element in target has to have 0 <= value < nClasses (0-4)
target = Variable(torch.LongTensor([1, 0, 4]))

l = loss(output, target)
l.backward()

print(output.data, target.data, l.data)
print(output.size(), target.size(), l.size())


# Cross entropy example
import numpy as np
Y = np.array([0, 1, 0])
Y_pred1 = np.array([0.1, 0.8, 0.1])
Y_pred2 = np.array([0.8, 0.1, 0.1])
print("loss1 = ", np.sum(-Y * np.log(Y_pred1)))
print("loss2 = ", np.sum(-Y * np.log(Y_pred2)))
""", "the unused torchvision import left out; " + SEEDED),
    "liu_backprop": Tutorial(_LIU, """\
import torch
x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]

w = torch.Tensor([1.0])
w.requires_grad = True

def forward(x):
    return x * w

def loss(x, y):
    y_pred = forward(x)
    return (y_pred - y) ** 2

print("predict (before training)", 4, forward(4).item())

for epoch in range(100):
    for x, y in zip(x_data, y_data):
        l = loss(x, y)
        l.backward()
        print('\\tgrad:', x, y, w.grad.item())
        w.data = w.data - 0.01 * w.grad.data

        w.grad.data.zero_()

    print("progress:", epoch, l.item())

print("predict (after training)", 4, forward(4).item())
"""),
    "liu_linear_regression": Tutorial(_LIU, """\
import torch


# dataset
x_data = torch.Tensor([[1.0], [2.0], [3.0]])
y_data = torch.Tensor([[2.0], [4.0], [6.0]])

class LinearModel(torch.nn.Module):
    def __init__(self) -> None:
        super(LinearModel, self).__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        y_pred = self.linear(x)
        return y_pred

torch.manual_seed(0)
model = LinearModel()

criterion = torch.nn.MSELoss(reduction='sum')

optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


for epoch in range(100):
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    print(epoch, loss.item())

    optimizer.zero_grad()
    loss.backward() # Backward: Autograd
    optimizer.step()

# Output weight and bias
print('w = ', model.linear.weight.item())
print('b = ', model.linear.bias.item())

# Test Model
x_test = torch.Tensor([[4.0]]) # 1X1的矩阵
y_test = model(x_test)
print('y_pred = ', y_test.data)
""", "Chinese comments shortened; torch.manual_seed(0) added before the model"),
    "liu_logistic_regression": Tutorial(_LIU, """\
import torch
import torch.nn.functional as F

x_data = torch.Tensor([[1.0], [2.0], [3.0]])
y_data = torch.Tensor([[0], [0], [1]])

class LogisticRegressionModel(torch.nn.Module):
    def __init__(self):
        super(LogisticRegressionModel, self).__init__()
        self.linear = torch.nn.Linear(1, 1)

    def forward(self, x):
        y_pred = F.sigmoid(self.linear(x))
        return y_pred

torch.manual_seed(0)
model = LogisticRegressionModel()

criterion = torch.nn.BCELoss(size_average=False)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)

for epoch in range(1000):
    y_pred = model(x_data)
    loss = criterion(y_pred, y_data)
    print(epoch, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print('w = ', model.linear.weight.item())
print('b = ', model.linear.bias.item())
x_test = torch.Tensor([[4.0]])
y_test = model(x_test)
print('y_pred = ', y_test.data)
""", "torch.manual_seed(0) added before the model"),
}
