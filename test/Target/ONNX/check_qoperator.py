"""onnxruntime's QOperator contrib ops (com.microsoft QLinearAdd, QLinearMul,
QLinearLeakyRelu, QLinearSigmoid, QLinearConcat, QLinearGlobalAveragePool,
QLinearAveragePool, QGemm) in one chain, compiled by qnn and checked against numpy's evaluation
of their definition: dequantize the operands, the float operator in f32,
quantize the result (round half to even, saturate).

usage: check_qoperator.py OUT.onnx
"""
import sys, numpy as np, onnx
from onnx import helper, TensorProto, numpy_helper
import qnn
def c(name, v, dt=None): return numpy_helper.from_array(np.asarray(v, dt), name)
rng=np.random.default_rng(0)
inits=[c('sx',0.05,np.float32),c('zx',128,np.uint8),c('B',rng.integers(0,255,(4,1,1)),np.uint8),c('sb',0.02,np.float32),c('zb',100,np.uint8),
 c('sa',0.08,np.float32),c('za',120,np.uint8),c('sm',0.1,np.float32),c('zm',128,np.uint8),c('sl',0.07,np.float32),c('zl',130,np.uint8),
 c('ss',1/255,np.float32),c('zs',0,np.uint8),c('sc',0.06,np.float32),c('zc',125,np.uint8),c('sg',0.05,np.float32),c('zg',127,np.uint8),
 c('W',rng.integers(-100,100,(3,8)),np.int8),c('sw',0.01,np.float32),c('zw',0,np.int8),c('bias',rng.integers(-500,500,(3,)),np.int32),
 c('sy',0.03,np.float32),c('zy',128,np.uint8),c('shape',[1,8],np.int64),c('sp',0.04,np.float32),c('zp',120,np.uint8)]
ms='com.microsoft'
nodes=[helper.make_node('QuantizeLinear',['x','sx','zx'],['q']),
 helper.make_node('QLinearAdd',['q','sx','zx','B','sb','zb','sa','za'],['a'],domain=ms),
 helper.make_node('QLinearMul',['a','sa','za','B','sb','zb','sm','zm'],['m'],domain=ms),
 helper.make_node('QLinearLeakyRelu',['m','sm','zm','sl','zl'],['l'],domain=ms,alpha=0.1),
 helper.make_node('QLinearSigmoid',['l','sl','zl','ss','zs'],['s'],domain=ms),
 helper.make_node('QLinearConcat',['sc','zc','l','sl','zl','s','ss','zs'],['cc'],domain=ms,axis=1),
 helper.make_node('QLinearGlobalAveragePool',['cc','sc','zc','sg','zg'],['g'],domain=ms),
 helper.make_node('QLinearAveragePool',['cc','sc','zc','sp','zp'],['p'],domain=ms,kernel_shape=[2,2],pads=[1,1,0,0]),
 helper.make_node('Reshape',['g','shape'],['g2']),
 helper.make_node('QGemm',['g2','sg','zg','W','sw','zw','bias','sy','zy'],['y8'],domain=ms,transB=1),
 helper.make_node('DequantizeLinear',['y8','sy','zy'],['y'])]
g=helper.make_graph(nodes,'g',[helper.make_tensor_value_info('x',TensorProto.FLOAT,[1,4,3,3])],[helper.make_tensor_value_info('y',TensorProto.FLOAT,[1,3]),helper.make_tensor_value_info('cc',TensorProto.UINT8,[1,8,3,3]),helper.make_tensor_value_info('p',TensorProto.UINT8,[1,8,3,3])],initializer=inits)
m=helper.make_model(g,opset_imports=[helper.make_opsetid('',13),helper.make_opsetid(ms,1)])
onnx.save(m,sys.argv[1])
x=rng.normal(0,2,(1,4,3,3)).astype(np.float32)
cm=qnn.compile(sys.argv[1])
y,cc,pool=cm(x)
# numpy reference (QDQ semantics)
f=np.float32
def q(v,s,z,lo=0,hi=255): return np.clip(np.rint(v/f(s))+z,lo,hi)
def d(v,s,z): return ((v.astype(np.int64)-z)*f(s)).astype(np.float32)
E={i.name:numpy_helper.to_array(i) for i in inits}
qq=q(x,0.05,128); a=q(d(qq,.05,128)+d(E['B'],.02,100),.08,120); mm=q(d(a,.08,120)*d(E['B'],.02,100),.1,128)
lv=d(mm,.1,128); l=q(np.where(lv<0,lv*f(0.1),lv),.07,130); sv=d(l,.07,130); s=q(f(1)/(f(1)+np.exp(-sv)),1/255,0)
ccr=q(np.concatenate([d(l,.07,130),d(s,1/255,0)],1),.06,125)
gv=d(ccr,.06,125).sum((2,3),dtype=np.float32)*f(1/9); gq=q(gv,.05,127).reshape(1,8)
yy=d(gq,.05,127)@ (E['W'].astype(np.float32)*f(.01)).T + E['bias']*f(0.05)*f(0.01)
yq=q(yy,.03,128); yr=d(yq,.03,128)
print('concat codes: %s, equal %s' % (cc.dtype, np.array_equal(cc, ccr.astype(np.uint8))))
print('qgemm output: equal %s' % np.array_equal(y, yr))
# QLinearAveragePool: 2x2 windows, pads top / left 1, padding not counted.
cv=d(ccr,.06,125); pv=np.zeros_like(cv)
for i in range(3):
    for j in range(3):
        w=cv[:,:,max(i-1,0):i+1,max(j-1,0):j+1]
        pv[:,:,i,j]=w.sum((2,3),dtype=np.float32)/f(w.shape[2]*w.shape[3])
print('average pool codes: %s, equal %s' % (pool.dtype, np.array_equal(pool, q(pv,.04,120).astype(np.uint8))))
